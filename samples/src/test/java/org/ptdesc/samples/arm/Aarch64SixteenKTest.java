package org.ptdesc.samples.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.arm.Vmsa.AF;
import static org.ptdesc.samples.arm.Vmsa.AP_EL0;
import static org.ptdesc.samples.arm.Vmsa.AP_READ_ONLY;
import static org.ptdesc.samples.arm.Vmsa.AP_TABLE_NO_EL0;
import static org.ptdesc.samples.arm.Vmsa.AP_TABLE_READ_ONLY;
import static org.ptdesc.samples.arm.Vmsa.SH_INNER;
import static org.ptdesc.samples.arm.Vmsa.UXN;
import static org.ptdesc.samples.arm.Vmsa.UXN_TABLE;
import static org.ptdesc.samples.arm.Vmsa.attrIndx;
import static org.ptdesc.samples.arm.Vmsa.block;
import static org.ptdesc.samples.arm.Vmsa.page;
import static org.ptdesc.samples.arm.Vmsa.table;

import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;
import org.ptdesc.samples.EventLog;
import org.ptdesc.samples.ShippedTree;
import org.ptdesc.samples.Translations;

/**
 * {@code aarch64_16k.ptdesc} on a tree built byte by byte from DDI 0487 D8.3, expectations
 * worked out by hand: the two-entry level 0 table (16-byte aligned), 32 MiB blocks at level 2
 * only, 16 KiB pages, both TTBRs and the ends of both ranges, and D8.4's hierarchical
 * permissions.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Aarch64SixteenKTest {

    /** TTBR0_EL1, ASID 2, CnP: the two-entry level 0 table is at 0x4010 (16-byte aligned). */
    static final long TTBR0 = 0x0002_0000_0000_4011L;
    /** TTBR1_EL1, ASID 0xcd: level 0 table at 0x4020. */
    static final long TTBR1 = 0x00cd_0000_0000_4020L;

    final TreeWalker walker;
    final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x4_0000, 16384));
    final Translations t;


    Aarch64SixteenKTest(Engine engine) {
        this.walker = engine.walker("aarch64_16k");
        this.t = new Translations(walker, mem, TTBR0, TTBR1);
        // TTBR0_EL1: level 0 (VA[47]), two entries.
        put(0x4010, 0, table(0x8000, 0));
        put(0x4010, 1, table(0xc000, 0));
        // Level 1 (VA[46:36]).
        put(0x8000, 0, table(0x1_0000, 0));
        put(0x8000, 1, block(0x10_0000_0000L, AF));          // 0b01 at level 1: needs FEAT_LPA2, invalid
        put(0x8000, 2, 0x1_0000 | 0b10);                      // 0b10: invalid
        // Level 2 (VA[35:25]).
        put(0x1_0000, 0, table(0x1_4000, 0));
        put(0x1_0000, 1, block(0x1_0200_0000L, AF | AP_EL0 | SH_INNER | attrIndx(2)));
        // Level 3 (VA[24:14]).
        put(0x1_4000, 1, page(0x7fff_ffff_c000L, AF));       // the highest 48-bit output address
        put(0x1_4000, 2, 0x100_0000 | AF | 0b01);             // 0b01 at level 3: reserved, invalid
        put(0x1_4000, 3, page(0x100_0000, AP_EL0 | AP_READ_ONLY | UXN | AF));
        // The top of the TTBR0 range.
        put(0xc000, 2047, table(0x1_8000, 0));
        put(0x1_8000, 2047, table(0x1_c000, 0));
        put(0x1_c000, 2047, page(0x104_0000, AF));
        // TTBR1_EL1.
        put(0x4020, 0, table(0x2_0000, 0));
        put(0x2_0000, 0, table(0x2_8000, 0));
        put(0x2_8000, 0, block(0x400_0000, AF));
        put(0x4020, 1, table(0x2_c000, UXN_TABLE | AP_TABLE_NO_EL0 | AP_TABLE_READ_ONLY));
        put(0x2_c000, 2047, table(0x3_0000, 0));
        put(0x3_0000, 2047, block(0x600_0000, AP_EL0 | AF));
    }

    void put(long tableAddress, int index, long descriptor) {
        mem.writeLong(tableAddress + 8L * index, descriptor, false);
    }

    @Test
    void pagesAndBlocks() {
        t.mapped(0x4123, 0x7fff_ffff_c123L, 3, 0x4000);           // D8.3 page, OA bits 47:14
        t.mapped(0xffff, 0x100_3fff, 3, 0x4000);
        t.mapped(0x300_1234, 0x1_0300_1234L, 2, 0x200_0000);       // D8.3 32 MiB block, OA bits 47:25
    }

    @Test
    void invalidDescriptors() {
        t.fails(0x0, Failure.NOT_PRESENT, 3);                     // lowest address: L3[0] = 0
        t.fails(0x8000, Failure.NOT_PRESENT, 3);                  // 0b01 at level 3: reserved (D8.3)
        t.fails(0x400_0000, Failure.NOT_PRESENT, 2);              // L2[2] = 0
        t.fails(0x10_0000_0000L, Failure.NOT_PRESENT, 1);         // 0b01 at level 1: no block without LPA2 (D8.3)
        t.fails(0x20_0000_0000L, Failure.NOT_PRESENT, 1);         // 0b10 (D8.3)
        t.fails(0x7fff_ffff_ffffL, Failure.NOT_PRESENT, 1);       // L1[2047] of the lower half = 0
        t.fails(0xffff_0000_0200_0000L, Failure.NOT_PRESENT, 2);  // TTBR1 tree, L2[1] = 0
    }

    @Test
    void bothRootsAndTheEndsOfBothRanges() {
        t.mapped(0x0000_ffff_ffff_ffffL, 0x104_3fff, 3, 0x4000);  // L0[1]: VA[47] = 1, top of TTBR0
        t.mapped(0xffff_0000_0000_0000L, 0x400_0000, 2, 0x200_0000);
        t.mapped(0xffff_ffff_ffff_ffffL, 0x7ff_ffff, 2, 0x200_0000);
        for (long va : new long[] {0x0001_0000_0000_0000L, 0xfffe_ffff_ffff_ffffL, 0x8080_0000_0000_4123L}) {
            t.fails(va, Failure.OUT_OF_RANGE, -1);                // D8.2: VA[55:48] neither all 0 nor all 1
        }
        // TBI0 = TBI1 = 1 (D8.2): the tag in VA[63:56] is ignored, so this is 0x4123 (TTBR0).
        t.mapped(0x8000_0000_0000_4123L, 0x7fff_ffff_c123L, 3, 0x4000);
    }

    @Test
    void hierarchicalPermissionsAccumulate() {
        // D8.4: AP[2:1] = 0b01 (EL0 read/write), SH = 0b11, AttrIndx = 2.
        assertAttributes(0x200_0000, "el0_access", 1, "read_only", 0, "uxn", 0, "pxn", 0, "sh", 3, "attr_index", 2);
        // AP[2:1] = 0b11 (read-only, EL0 too) and UXN in the page itself.
        assertAttributes(0xc000, "el0_access", 1, "read_only", 1, "uxn", 1, "pxn", 0);
        // APTable = 0b11 and UXNTable two levels up: the EL0-writable block becomes read-only,
        // EL1-only and UXN (D8.4, hierarchical permissions).
        assertAttributes(0xffff_ffff_ffff_ffffL, "el0_access", 0, "read_only", 1, "uxn", 1, "pxn", 0, "af", 1);
    }

    void assertAttributes(long va, Object... expected) {
        Translation x = walker.translateDetailed(mem, new long[] {TTBR0, TTBR1}, va);
        for (int i = 0; i < expected.length; i += 2) {
            String name = (String) expected[i];
            assertEquals((long) (int) expected[i + 1], ShippedTree.attribute(walker, name).valueIn(x.attributes()),
                    name + " of 0x" + Long.toHexString(va));
        }
    }

    @Test
    void walkTheBottomOfTheHighRange() {
        EventLog log = new EventLog(walker.info());
        walker.walk(mem, new long[] {TTBR0, TTBR1}, 0xffff_0000_0000_0000L, 0xffff_0000_03ff_ffffL, log);
        assertEquals(List.of(
                "pre 0xffff000000000000..0xffff000003ffffff level 0 table 0x4020",
                "pre 0xffff000000000000..0xffff000003ffffff level 1 table 0x20000",
                "pre 0xffff000000000000..0xffff000003ffffff level 2 table 0x28000",
                "leaf 0xffff000000000000 -> 0x4000000 size 0x2000000 level 2 af,sh=0x0,attr_index=0x0",
                "hole 0xffff000002000000..0xffff000003ffffff level 2",
                "post 0xffff000000000000..0xffff000003ffffff level 2 table 0x28000",
                "post 0xffff000000000000..0xffff000003ffffff level 1 table 0x20000",
                "post 0xffff000000000000..0xffff000003ffffff level 0 table 0x4020"), log.events());
    }
}
