package org.ptdesc.samples.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.arm.Vmsa.AF;
import static org.ptdesc.samples.arm.Vmsa.AP_EL0;
import static org.ptdesc.samples.arm.Vmsa.AP_TABLE_READ_ONLY;
import static org.ptdesc.samples.arm.Vmsa.PXN_TABLE;
import static org.ptdesc.samples.arm.Vmsa.UXN;
import static org.ptdesc.samples.arm.Vmsa.block;
import static org.ptdesc.samples.arm.Vmsa.oa52;
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
 * {@code aarch64_64k.ptdesc} on a tree built byte by byte from DDI 0487 D8.3, expectations
 * worked out by hand: the 64-entry level 1 table, 512 MiB blocks at level 2, 64 KiB pages, the
 * 52-bit output address form (address bits 51:48 in descriptor bits 15:12 and in TTBR bits
 * 5:2), both TTBRs and the ends of both ranges, and D8.4's hierarchical permissions. Levels in
 * events and translations are counted from the top table (0 = Arm's level 1).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Aarch64SixtyFourKTest {

    /** TTBR0_EL1, ASID 3, CnP: level 1 table at 0x200 (512-byte aligned). */
    static final long TTBR0 = 0x0003_0000_0000_0201L;
    /** TTBR1_EL1, ASID 0xff: level 1 table at 0x400. */
    static final long TTBR1 = 0x00ff_0000_0000_0400L;

    final TreeWalker walker;
    final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x8_0000, 65536));
    final Translations t;


    Aarch64SixtyFourKTest(Engine engine) {
        this.walker = engine.walker("aarch64_64k");
        this.t = new Translations(walker, mem, TTBR0, TTBR1);
        // TTBR0_EL1: level 1 (VA[47:42]), 64 entries.
        put(0x200, 0, table(0x1_0000, 0));
        put(0x200, 1, block(0x400_0000_0000L, AF));           // 0b01 at level 1: not modelled, invalid
        put(0x200, 63, table(0x2_0000, 0));
        // Level 2 (VA[41:29]).
        put(0x1_0000, 0, table(0x3_0000, 0));
        put(0x1_0000, 1, block(oa52(0x000f_0000_2000_0000L), AF | AP_EL0)); // PA bits 51:48 = 0xf
        put(0x1_0000, 2, 0x3_0000 | 0b10);                    // 0b10: invalid
        put(0x1_0000, 3, table(oa52(0x0001_0000_0004_0000L), 0)); // next table above 2^48: outside the image
        // Level 3 (VA[28:16]).
        put(0x3_0000, 1, page(oa52(0x000a_1234_5678_0000L), AF));
        put(0x3_0000, 2, 0x5_0000 | AF | 0b01);               // 0b01 at level 3: reserved, invalid
        // The top of the TTBR0 range.
        put(0x2_0000, 8191, table(0x4_0000, 0));
        put(0x4_0000, 8191, page(0x5_0000, AF));
        // TTBR1_EL1.
        put(0x400, 0, table(0x6_0000, 0));
        put(0x6_0000, 0, block(0, AF | UXN));
        put(0x400, 63, table(0x7_0000, AP_TABLE_READ_ONLY | PXN_TABLE));
        put(0x7_0000, 8191, block(0x2000_0000L, AP_EL0 | AF));
    }

    void put(long tableAddress, int index, long descriptor) {
        mem.writeLong(tableAddress + 8L * index, descriptor, false);
    }

    @Test
    void pagesAndBlocksWith52BitOutputAddresses() {
        // D8.3, 64 KiB granule, 52-bit OA: descriptor bits 15:12 are OA bits 51:48.
        t.mapped(0x1_2345, 0x000a_1234_5678_2345L, 2, 0x1_0000);
        t.mapped(0x2345_6789L, 0x000f_0000_2345_6789L, 1, 0x2000_0000);
        Translation x = t.fails(0x6000_0000L, Failure.TABLE_OUTSIDE_MEMORY, 2);
        assertEquals(0x0001_0000_0004_0000L, x.entry(), "next table address bits 51:48 from descriptor bits 15:12");
    }

    @Test
    void rootWith52BitAddress() {
        // TTBR bits 5:2 hold table address bits 51:48 (BADDR[51:48]); bits 47:9 the rest.
        Translations high = new Translations(walker, mem, 0x0000_0000_0000_020cL, TTBR1);
        Translation x = high.fails(0x0, Failure.TABLE_OUTSIDE_MEMORY, 0);
        assertEquals(0x0003_0000_0000_0200L, x.entry());
    }

    @Test
    void invalidDescriptors() {
        t.fails(0x0, Failure.NOT_PRESENT, 2);                     // lowest address: page table entry 0 = 0
        t.fails(0x2_0000, Failure.NOT_PRESENT, 2);                // 0b01 at the last level (D8.3)
        t.fails(0x4000_0000L, Failure.NOT_PRESENT, 1);            // 0b10 at level 2
        t.fails(0x400_0000_0000L, Failure.NOT_PRESENT, 0);        // 0b01 at level 1: treated as invalid here
        t.fails(0x800_0000_0000L, Failure.NOT_PRESENT, 0);        // level 1 entry 2 = 0
    }

    @Test
    void bothRootsAndTheEndsOfBothRanges() {
        t.mapped(0x0000_ffff_ffff_ffffL, 0x5_ffff, 2, 0x1_0000);
        t.mapped(0xffff_0000_0000_0000L, 0x0, 1, 0x2000_0000);
        t.mapped(0xffff_ffff_ffff_ffffL, 0x3fff_ffffL, 1, 0x2000_0000);
        for (long va : new long[] {0x0001_0000_0000_0000L, 0xfffe_ffff_ffff_ffffL, 0x8040_0000_0000_0000L}) {
            t.fails(va, Failure.OUT_OF_RANGE, -1);                // D8.2: VA[55:48] neither all 0 nor all 1
        }
        // TBI0 = TBI1 = 1 (D8.2): the tag in VA[63:56] is ignored, so these are 0x0 and the top of TTBR1.
        t.fails(0x8000_0000_0000_0000L, Failure.NOT_PRESENT, 2);
        t.mapped(0x00ff_ffff_ffff_ffffL, 0x3fff_ffffL, 1, 0x2000_0000);
    }

    @Test
    void hierarchicalPermissionsAccumulate() {
        // D8.4: APTable[1] = 1 and PXNTable above an EL0-writable block: read-only and PXN.
        assertAttributes(0xffff_ffff_ffff_ffffL, "el0_access", 1, "read_only", 1, "uxn", 0, "pxn", 1);
        // No table restriction: the block's own UXN, AP[2:1] = 0b00 (EL1 only).
        assertAttributes(0xffff_0000_0000_0000L, "el0_access", 0, "read_only", 0, "uxn", 1, "pxn", 0, "af", 1);
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
    void walkTheFirstPageTable() {
        EventLog log = new EventLog(walker.info());
        walker.walk(mem, new long[] {TTBR0, TTBR1}, 0, 0x3_ffff, log);
        assertEquals(List.of(
                "pre 0x0..0x3ffff level 0 table 0x200",
                "pre 0x0..0x3ffff level 1 table 0x10000",
                "pre 0x0..0x3ffff level 2 table 0x30000",
                "hole 0x0..0xffff level 2",
                "leaf 0x10000 -> 0xa123456780000 size 0x10000 level 2 af,sh=0x0,attr_index=0x0",
                "hole 0x20000..0x3ffff level 2",
                "post 0x0..0x3ffff level 2 table 0x30000",
                "post 0x0..0x3ffff level 1 table 0x10000",
                "post 0x0..0x3ffff level 0 table 0x200"), log.events());
    }
}
