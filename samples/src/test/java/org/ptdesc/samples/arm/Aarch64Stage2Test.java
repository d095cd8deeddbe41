package org.ptdesc.samples.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.arm.Vmsa.AF;
import static org.ptdesc.samples.arm.Vmsa.SH_INNER;
import static org.ptdesc.samples.arm.Vmsa.block;
import static org.ptdesc.samples.arm.Vmsa.page;
import static org.ptdesc.samples.arm.Vmsa.table;

import java.lang.foreign.Arena;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.DocumentedTree;
import org.ptdesc.samples.ShippedTree;
import org.ptdesc.samples.Translations;
import org.ptdesc.samples.WalkerEngine;

/**
 * {@code aarch64_s2_4k}, {@code aarch64_s2_16k} and {@code aarch64_s2_64k} on stage 2 tables
 * built byte by byte from the Arm ARM (DDI 0487): the start level VTCR_EL2.SL0 = 0b01 gives
 * (D8.2), the concatenated initial tables of a 40-bit IPA space (two for 4 KiB, sixteen for
 * 16 KiB; aligned to their total size), the stage 2 block and page attributes (D8.3: S2AP in
 * bits 7:6, MemAttr in 5:2, XN in 54:53) and the IPA size limit. Every expectation is
 * computed by hand in the comments; every case runs on both engines.
 */
class Aarch64Stage2Test {

    /** S2AP[0] (bit 6): stage 2 allows reads (D8.4). */
    static final long S2AP_R = 1L << 6;
    /** S2AP[1] (bit 7): stage 2 allows writes (D8.4). */
    static final long S2AP_W = 1L << 7;
    /** MemAttr[3:0] = 0b1111: Normal, outer and inner write-back (D8.3, HCR_EL2.FWB = 0). */
    static final long MEMATTR_WB = 0b1111L << 2;
    /** XN[1] (bit 54): not executable at EL1 or EL0 (D8.4). */
    static final long XN = 1L << 54;

    static long attribute(TreeWalker w, Translation t, String name) {
        return ShippedTree.attribute(w, name).valueIn(t.attributes());
    }

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void fourKiBGranuleStartLevelOneTwoConcatenatedTables(WalkerEngine engine) {
        TreeWalker w = engine.walker("aarch64_s2_4k");
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10_0000, 4096));
        // 40-bit IPA, start level 1: level 1 resolves IPA[39:30], 10 bits, 1024 entries in two
        // concatenated 4 KiB tables at 0x4000..0x5fff (8 KiB aligned). VTTBR_EL2 carries VMID 7
        // in bits 63:48 and CnP in bit 0, neither part of the address.
        long vttbr = 0x0007_0000_0000_4001L;
        mem.writeLong(0x4000 + 0 * 8, table(0x6000, 0), false);              // IPA[39:30] = 0
        mem.writeLong(0x4000 + 1 * 8, table(0x8000, 0), false);              // IPA[39:30] = 1
        mem.writeLong(0x4000 + 2 * 8, 0x9000 | 0b10, false);                  // 0b10: invalid
        mem.writeLong(0x4000 + 3 * 8, table(0x40_0000_0000L, 0), false);      // a table past the 1 MiB image
        // IPA[39:30] = 513 lies in the second concatenated table: entry at 0x4000 + 513 * 8 = 0x5008.
        mem.writeLong(0x5008, block(0x1_c000_0000L, S2AP_R | AF | MEMATTR_WB | XN), false);
        // IPA[39:30] = 1023, the last entry, at 0x4000 + 1023 * 8 = 0x5ff8.
        mem.writeLong(0x5ff8, block(0x40_0000_0000L, S2AP_R | S2AP_W | AF), false);
        mem.writeLong(0x6000 + 0 * 8, table(0x7000, 0), false);              // IPA[29:21] = 0
        mem.writeLong(0x7000 + 1 * 8, page(0x1234_5000L, S2AP_R | S2AP_W | AF | SH_INNER | MEMATTR_WB), false);
        mem.writeLong(0x7000 + 2 * 8, 0x1234_6000L | AF | 0b01, false);       // 0b01 at level 3: reserved, invalid
        mem.writeLong(0x8000 + 3 * 8, block(0x2_0060_0000L, S2AP_W | AF), false); // write-only 2 MiB block
        Translations t = new Translations(w, mem, vttbr);

        // 0x1abc: L1[0] -> L2[0] -> L3[1] -> 0x12345000 | 0xabc.
        Translation page = t.mapped(0x1abc, 0x1234_5abc, 2, 0x1000);
        assertEquals(1, attribute(w, page, "s2_read"));
        assertEquals(1, attribute(w, page, "s2_write"));
        assertEquals(0b1111, attribute(w, page, "memattr"));
        assertEquals(0b11, attribute(w, page, "sh"));
        assertEquals(0, attribute(w, page, "xn"));
        t.fails(0x2000, Failure.NOT_PRESENT, 2);
        t.fails(0x3000, Failure.NOT_PRESENT, 2);                 // L3[3] is zero
        // 0x4000_0000 + 3 * 2 MiB + 0x12345 = 0x4061_2345: L1[1] -> L2[3], a 2 MiB block.
        Translation writeOnly = t.mapped(0x4061_2345L, 0x2_0061_2345L, 1, 0x20_0000);
        assertEquals(0, attribute(w, writeOnly, "s2_read"));
        assertEquals(1, attribute(w, writeOnly, "s2_write"));
        t.fails(0x8000_0000L, Failure.NOT_PRESENT, 0);            // L1[2] = 0b10
        Translation outside = t.fails(0xc000_0000L, Failure.TABLE_OUTSIDE_MEMORY, 1);
        assertEquals(0x40_0000_0000L, outside.entry());           // L2 table at 0x40_0000_0000, index 0
        // IPA 513 << 30 = 0x80_4000_0000 in the second concatenated table: a 1 GiB block.
        Translation concatenated = t.mapped(0x80_4000_1234L, 0x1_c000_1234L, 0, 0x4000_0000L);
        assertEquals(0, attribute(w, concatenated, "s2_write"));
        assertEquals(0b10, attribute(w, concatenated, "xn"));
        // The last IPA of the 40-bit space: L1[1023], offset 0x3fff_ffff in the block.
        t.mapped(0xff_ffff_ffffL, 0x40_3fff_ffffL, 0, 0x4000_0000L);
        // 2^40 is past the IPA size: a Translation fault before any table is read.
        t.fails(0x100_0000_0000L, Failure.OUT_OF_RANGE, -1);
    }

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void fourKiBGranuleSixteenConcatenatedTablesFor43BitIpa(WalkerEngine engine) {
        TreeWalker w = engine.walker("aarch64_s2_4k", Map.of("IPA_BITS", 43L));
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10_0000, 4096));
        // 43-bit IPA at start level 1: IPA[42:30], 13 bits, sixteen tables = 64 KiB, 64 KiB aligned
        // at 0x10000; VTTBR bits 15:1 are below the alignment and ignored.
        long vttbr = 0x1_0000 | 0xfffe;
        // IPA 0x7ff_c000_0000: IPA[42:30] = 0x1fff, the last entry at 0x10000 + 0x1fff * 8 = 0x1fff8.
        mem.writeLong(0x1fff8, block(0x8000_0000L, S2AP_R | AF), false);
        Translations t = new Translations(w, mem, vttbr);
        t.mapped(0x7ff_c000_0042L, 0x8000_0042L, 0, 0x4000_0000L);
        t.fails(0x800_0000_0000L, Failure.OUT_OF_RANGE, -1);       // 2^43
        t.fails(0, Failure.NOT_PRESENT, 0);
    }

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void sixteenKiBGranuleStartLevelTwoSixteenConcatenatedTables(WalkerEngine engine) {
        TreeWalker w = engine.walker("aarch64_s2_16k");
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x20_0000, 16384));
        // 40-bit IPA, 16 KiB granule, start level 2: level 2 resolves IPA[39:25], 15 bits, 32768
        // entries in sixteen concatenated 16 KiB tables = 256 KiB at 0x40000 (256 KiB aligned).
        long vttbr = 0x0001_0000_0004_0000L;
        // IPA 0: L2[0] at 0x40000 -> L3 table at 0xc0000 (16 KiB aligned); L3 resolves IPA[24:14].
        mem.writeLong(0x40000, table(0xc_0000, 0), false);
        mem.writeLong(0xc_0000 + 5 * 8, page(0x1_2344_c000L, S2AP_R | AF), false);
        // IPA[39:25] = 0x4001 (IPA 0x80_0200_0000) in the fifth table... entry at 0x40000 + 0x4001 * 8 = 0x60008.
        mem.writeLong(0x6_0008, block(0x3_fe00_0000L, S2AP_R | S2AP_W | AF), false);
        // The last entry, IPA[39:25] = 0x7fff, at 0x40000 + 0x7fff * 8 = 0x7fff8: invalid 0b00.
        Translations t = new Translations(w, mem, vttbr);
        // IPA 5 * 16 KiB + 0x123 = 0x14123 -> 0x1_2344_c123, a 16 KiB page at level 3 (index 1).
        t.mapped(0x1_4123L, 0x1_2344_c123L, 1, 0x4000);
        // IPA 0x80_0200_0000 + 0x1ff_ffff: a 32 MiB block at level 2.
        t.mapped(0x80_03ff_ffffL, 0x3_ffff_ffffL, 0, 0x200_0000);
        t.fails(0xff_ffff_ffffL, Failure.NOT_PRESENT, 0);
        t.fails(0x8000, Failure.NOT_PRESENT, 1);                   // L3[2] is zero
        t.fails(0x100_0000_0000L, Failure.OUT_OF_RANGE, -1);
    }

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void sixtyFourKiBGranuleStartLevelTwoSmallInitialTable(WalkerEngine engine) {
        TreeWalker w = engine.walker("aarch64_s2_64k");
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x40_0000, 65536));
        // 40-bit IPA, 64 KiB granule, start level 2: level 2 resolves IPA[39:29], 11 bits, a
        // 2048-entry table (16 KiB, 16 KiB aligned) at 0x4000; level 3 tables are 64 KiB.
        long vttbr = 0x00ff_0000_0000_4000L;
        mem.writeLong(0x4000, table(0x1_0000, 0), false);                       // IPA[39:29] = 0
        mem.writeLong(0x1_0000 + 3 * 8, page(0x7fff_0000L, S2AP_R | S2AP_W | AF), false); // IPA[28:16] = 3
        mem.writeLong(0x4000 + 2047 * 8, block(0x20_0000_0000L, S2AP_R | AF), false); // IPA[39:29] = 2047
        mem.writeLong(0x4000 + 5 * 8, table(0x2_0000, 0), false);
        mem.writeLong(0x2_0000 + 8191 * 8, 0x3_0000 | 0b01, false);              // 0b01 at level 3: invalid
        Translations t = new Translations(w, mem, vttbr);
        t.mapped(0x3_fedcL, 0x7fff_fedcL, 1, 0x1_0000);                         // 3 * 64 KiB + 0xfedc
        // IPA 2047 << 29 = 0xff_e000_0000: a 512 MiB block at level 2.
        t.mapped(0xff_e000_0001L, 0x20_0000_0001L, 0, 0x2000_0000L);
        // IPA 5 << 29 | 8191 << 16 = 0xa000_0000 + 0x1fff_0000.
        t.fails(0xbfff_0000L, Failure.NOT_PRESENT, 1);
        t.fails(0x100_0000_0000L, Failure.OUT_OF_RANGE, -1);
    }

    @org.junit.jupiter.api.Test
    void documented() {
        DocumentedTree.assertCleanAndDocumented("aarch64_s2_4k");
        DocumentedTree.assertCleanAndDocumented("aarch64_s2_16k");
        DocumentedTree.assertCleanAndDocumented("aarch64_s2_64k");
    }
}
