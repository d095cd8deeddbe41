package org.ptdesc.samples.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.arm.Vmsa.AF;
import static org.ptdesc.samples.arm.Vmsa.AP_EL0;
import static org.ptdesc.samples.arm.Vmsa.AP_READ_ONLY;
import static org.ptdesc.samples.arm.Vmsa.AP_TABLE_NO_EL0;
import static org.ptdesc.samples.arm.Vmsa.AP_TABLE_READ_ONLY;
import static org.ptdesc.samples.arm.Vmsa.NG;
import static org.ptdesc.samples.arm.Vmsa.PXN;
import static org.ptdesc.samples.arm.Vmsa.PXN_TABLE;
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
 * {@code aarch64_4k.ptdesc} on a tree built byte by byte from the Arm ARM's descriptor layouts
 * (DDI 0487 D8.3), with every expectation worked out by hand: each descriptor kind at each
 * level, both TTBRs, the ends of both VA ranges, addresses in neither range, tagged addresses
 * (top-byte-ignore, D8.2), and the hierarchical permissions of D8.4.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Aarch64FourKTest {

    /** TTBR0_EL1 with ASID 1 (bits 63:48) and CnP (bit 0): the level 0 table is at 0x1000. */
    static final long TTBR0 = 0x0001_0000_0000_1001L;
    /** TTBR1_EL1 with ASID 0xab: the level 0 table is at 0x2000. */
    static final long TTBR1 = 0x00ab_0000_0000_2000L;

    final TreeWalker walker;
    final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10_0000, 4096));
    final Translations t;


    Aarch64FourKTest(Engine engine) {
        this.walker = engine.walker("aarch64_4k");
        this.t = new Translations(walker, mem, TTBR0, TTBR1);
        // TTBR0_EL1 level 0 table (VA[47:39]).
        put(0x1000, 0, table(0x3000, 0));
        put(0x1000, 1, 0);                                    // 0b00: invalid
        put(0x1000, 2, block(0x80_0000_0000L, AF));           // 0b01 at level 0: no 4K level 0 block
        put(0x1000, 3, 0x3000 | 0b10);                        // 0b10: invalid
        put(0x1000, 511, table(0x9000, 0));
        // Level 1 (VA[38:30]).
        put(0x3000, 0, table(0x4000, 0));
        put(0x3000, 1, block(0x8000_0000L, AP_EL0 | UXN | AF | SH_INNER | NG | attrIndx(4)));
        put(0x3000, 2, table(0x6000, AP_TABLE_READ_ONLY | UXN_TABLE));
        put(0x3000, 3, table(0x7000, AP_TABLE_NO_EL0 | PXN_TABLE));
        put(0x3000, 4, 0x5000 | 0b10);                        // 0b10: invalid
        // Level 2 (VA[29:21]).
        put(0x4000, 0, table(0x5000, 0));
        put(0x4000, 1, block(0x1234_5660_0000L, AF | attrIndx(1)));
        put(0x4000, 3, table(0x40_0000_0000L, 0));            // a table outside the 1 MiB image
        put(0x6000, 0, block(0x4000_0000L, AP_EL0 | AF));
        put(0x7000, 0, table(0x8000, 0));
        // Level 3 (VA[20:12]).
        put(0x5000, 1, page(0x7fff_ffff_f000L, AF | SH_INNER)); // the highest 48-bit output address
        put(0x5000, 2, 0x1_0000 | AF | 0b01);                 // 0b01 at level 3: reserved, invalid
        put(0x5000, 3, page(0x1_0000, AP_EL0 | AP_READ_ONLY | PXN | AF));
        put(0x8000, 0, page(0x5_0000, AP_EL0 | AF));
        // The top of the TTBR0 range: L0[511] -> L1[511] -> L2[511] -> L3[511].
        put(0x9000, 511, table(0xa000, 0));
        put(0xa000, 511, table(0xb000, 0));
        put(0xb000, 511, page(0xc_0000, AF | NG));
        // TTBR1_EL1: 1 GiB blocks at the bottom and the top of the high range.
        put(0x2000, 0, table(0xc000, 0));
        put(0xc000, 0, block(0x4000_0000L, AF | UXN));
        put(0x2000, 511, table(0xd000, 0));
        put(0xd000, 511, block(0xc000_0000L, AF | PXN | UXN));
    }

    void put(long tableAddress, int index, long descriptor) {
        mem.writeLong(tableAddress + 8L * index, descriptor, false);
    }

    @Test
    void pagesAtLevel3() {
        t.mapped(0x1123, 0x7fff_ffff_f123L, 3, 0x1000);          // D8.3 page descriptor, OA bits 47:12
        t.mapped(0x3fff, 0x1_0fff, 3, 0x1000);
        t.mapped(0xc000_0abcL, 0x5_0abc, 3, 0x1000);             // through two tables with APTable/PXNTable
    }

    @Test
    void blocksAtLevels1And2() {
        t.mapped(0x6345_6789L, 0xa345_6789L, 1, 0x4000_0000);    // D8.3 1 GiB block, OA bits 47:30
        t.mapped(0x21_2345L, 0x1234_5661_2345L, 2, 0x20_0000);    // D8.3 2 MiB block, OA bits 47:21
        t.mapped(0x8001_2345L, 0x4001_2345L, 2, 0x20_0000);
    }

    @Test
    void invalidDescriptors() {
        t.fails(0x0, Failure.NOT_PRESENT, 3);                    // lowest address: L3[0] = 0, bit 0 = 0 (D8.3)
        t.fails(0x2000, Failure.NOT_PRESENT, 3);                 // 0b01 at level 3 is reserved: invalid (D8.3)
        t.fails(0x40_0000, Failure.NOT_PRESENT, 2);              // L2[2] = 0
        t.fails(0x1_0000_0000L, Failure.NOT_PRESENT, 1);         // L1[4] = 0b10: bit 0 = 0, invalid (D8.3)
        t.fails(0x80_0000_0000L, Failure.NOT_PRESENT, 0);        // L0[1] = 0
        t.fails(0x100_0000_0000L, Failure.NOT_PRESENT, 0);       // L0[2] = 0b01: no level 0 block with 4K (D8.3)
        t.fails(0x180_0000_0000L, Failure.NOT_PRESENT, 0);       // L0[3] = 0b10: invalid (D8.3)
        t.fails(0xffff_0000_4000_0000L, Failure.NOT_PRESENT, 1); // TTBR1 tree, L1[1] = 0
        t.fails(0xffff_0080_0000_0000L, Failure.NOT_PRESENT, 0); // TTBR1 tree, L0[1] = 0
    }

    @Test
    void tableOutsideTheImage() {
        Translation x = t.fails(0x60_0000, Failure.TABLE_OUTSIDE_MEMORY, 3);
        assertEquals(0x40_0000_0000L, x.entry(), "the level 3 entry that could not be read");
    }

    @Test
    void bothRootsAndTheEndsOfBothRanges() {
        // D8.2: TTBR0_EL1 translates VA[63:48] = 0, all 48 bits of it (not x86's 47).
        t.mapped(0x0000_ffff_ffff_ffffL, 0xc_0fff, 3, 0x1000);
        t.fails(0x0000_8000_0000_0000L, Failure.NOT_PRESENT, 0);
        // D8.2: TTBR1_EL1 translates VA[63:48] = 0xffff.
        t.mapped(0xffff_0000_0000_0000L, 0x4000_0000L, 1, 0x4000_0000);
        t.mapped(0xffff_ffff_ffff_ffffL, 0xffff_ffffL, 1, 0x4000_0000);
        t.fails(0xffff_7fff_ffff_ffffL, Failure.NOT_PRESENT, 0);
        // The ASID (TTBR bits 63:48) and CnP (bit 0) are not part of the table address.
        Translations otherAsid = new Translations(walker, mem, 0xffff_0000_0000_1000L, 0x0000_0000_0000_2001L);
        otherAsid.mapped(0x1123, 0x7fff_ffff_f123L, 3, 0x1000);
        otherAsid.mapped(0xffff_0000_0000_0000L, 0x4000_0000L, 1, 0x4000_0000);
    }

    @Test
    void addressesInNeitherRangeAreRefused() {
        // D8.2 with TBI0 = TBI1 = 1: VA[55:48] neither all zeros nor all ones is a Translation
        // fault before any walk, whatever the tag in VA[63:56].
        for (long va : new long[] {0x0001_0000_0000_0000L, 0xfffe_ffff_ffff_ffffL, 0x0080_0000_0000_0000L,
                0x5a01_0000_0000_1123L, 0xff7f_ffff_ffff_ffffL}) {
            t.fails(va, Failure.OUT_OF_RANGE, -1);
        }
    }

    @Test
    void taggedAddressesTranslateLikeTheirUntaggedForm() {
        // D8.2 "Address tagging", TBI0 = TBI1 = 1: VA[63:56] is ignored; VA[55] picks the TTBR.
        t.mapped(0x5a00_0000_0000_1123L, 0x7fff_ffff_f123L, 3, 0x1000);       // as 0x1123, TTBR0
        t.fails(0x8000_0000_0000_0000L, Failure.NOT_PRESENT, 3);               // as 0x0
        t.mapped(0x7fff_ffff_ffff_ffffL, 0xffff_ffffL, 1, 0x4000_0000);         // as 0xffff_ffff_ffff_ffff, TTBR1
        t.mapped(0x00ff_0000_0000_1123L, 0x4000_1123L, 1, 0x4000_0000);         // as 0xffff_0000_0000_1123
        // The result reports the address as given.
        assertEquals(0x5a00_0000_0000_1123L, walker.translateDetailed(mem, new long[] {TTBR0, TTBR1}, 0x5a00_0000_0000_1123L).va());
    }

    @Test
    void hierarchicalPermissionsAccumulate() {
        // D8.4: AP[1] = 1 allows EL0, UXN set, AF, SH = 0b11, AttrIndx = 4, nG; no table restriction.
        assertAttributes(0x6345_6789L, "el0_access", 1, "read_only", 0, "uxn", 1, "pxn", 0,
                "af", 1, "not_global", 1, "sh", 3, "attr_index", 4);
        // D8.4 hierarchical permissions: APTable[1] = 1 above makes the RW block read-only, and
        // UXNTable makes it UXN although the block's own UXN is 0.
        assertAttributes(0x8000_0000L, "el0_access", 1, "read_only", 1, "uxn", 1, "pxn", 0, "af", 1);
        // APTable[0] = 1 above removes EL0 access granted by AP[1]; PXNTable forces PXN.
        assertAttributes(0xc000_0000L, "el0_access", 0, "read_only", 0, "uxn", 0, "pxn", 1, "af", 1);
        // The leaf alone: AP[2:1] = 0b11 is read-only at EL1 and EL0, PXN from the page.
        assertAttributes(0x3000, "el0_access", 1, "read_only", 1, "uxn", 0, "pxn", 1);
        // AP[2:1] = 0b00: EL1 read/write only.
        assertAttributes(0x1000, "el0_access", 0, "read_only", 0, "uxn", 0, "pxn", 0, "sh", 3, "attr_index", 0);
        assertAttributes(0x20_0000, "sh", 0, "attr_index", 1, "not_global", 0);
    }

    void assertAttributes(long va, Object... expected) {
        long attributes = walker.translateDetailed(mem, new long[] {TTBR0, TTBR1}, va).attributes();
        for (int i = 0; i < expected.length; i += 2) {
            String name = (String) expected[i];
            assertEquals((long) (int) expected[i + 1], ShippedTree.attribute(walker, name).valueIn(attributes),
                    name + " of 0x" + Long.toHexString(va));
        }
    }

    @Test
    void walkEveryDescriptorKindOfTheLowRange() {
        EventLog log = new EventLog(walker.info());
        walker.walk(mem, new long[] {TTBR0, TTBR1}, 0x60_0000, 0x1ff_ffff_ffffL, log);
        assertEquals(List.of(
                "pre 0x600000..0x1ffffffffff level 0 table 0x1000",
                "pre 0x600000..0x7fffffffff level 1 table 0x3000",
                "pre 0x600000..0x3fffffff level 2 table 0x4000",
                "fault 0x600000..0x7fffff level 3 TABLE_OUTSIDE_MEMORY",
                "hole 0x800000..0x3fffffff level 2",
                "post 0x600000..0x3fffffff level 2 table 0x4000",
                "leaf 0x40000000 -> 0x80000000 size 0x40000000 level 1 el0_access,uxn,af,not_global,sh=0x3,attr_index=0x4",
                "pre 0x80000000..0xbfffffff level 2 table 0x6000",
                "leaf 0x80000000 -> 0x40000000 size 0x200000 level 2 el0_access,read_only,uxn,af,sh=0x0,attr_index=0x0",
                "hole 0x80200000..0xbfffffff level 2",
                "post 0x80000000..0xbfffffff level 2 table 0x6000",
                "pre 0xc0000000..0xffffffff level 2 table 0x7000",
                "pre 0xc0000000..0xc01fffff level 3 table 0x8000",
                "leaf 0xc0000000 -> 0x50000 size 0x1000 level 3 pxn,af,sh=0x0,attr_index=0x0",
                "hole 0xc0001000..0xc01fffff level 3",
                "post 0xc0000000..0xc01fffff level 3 table 0x8000",
                "hole 0xc0200000..0xffffffff level 2",
                "post 0xc0000000..0xffffffff level 2 table 0x7000",
                "hole 0x100000000..0x7fffffffff level 1",
                "post 0x600000..0x7fffffffff level 1 table 0x3000",
                "hole 0x8000000000..0x1ffffffffff level 0",
                "post 0x600000..0x1ffffffffff level 0 table 0x1000"), log.events());
    }

    @Test
    void walkAcrossBothRootsInAddressOrder() {
        EventLog log = new EventLog(walker.info());
        walker.walk(mem, new long[] {TTBR0, TTBR1}, 0x0000_ffff_ffff_f000L, 0xffff_0000_0000_0fffL, log);
        assertEquals(List.of(
                "pre 0xfffffffff000..0xffffffffffff level 0 table 0x1000",
                "pre 0xfffffffff000..0xffffffffffff level 1 table 0x9000",
                "pre 0xfffffffff000..0xffffffffffff level 2 table 0xa000",
                "pre 0xfffffffff000..0xffffffffffff level 3 table 0xb000",
                "leaf 0xfffffffff000 -> 0xc0000 size 0x1000 level 3 af,not_global,sh=0x0,attr_index=0x0",
                "post 0xfffffffff000..0xffffffffffff level 3 table 0xb000",
                "post 0xfffffffff000..0xffffffffffff level 2 table 0xa000",
                "post 0xfffffffff000..0xffffffffffff level 1 table 0x9000",
                "post 0xfffffffff000..0xffffffffffff level 0 table 0x1000",
                // The addresses between the ranges are not walked; TTBR1 takes over at 0xffff_0000_0000_0000.
                "pre 0xffff000000000000..0xffff000000000fff level 0 table 0x2000",
                "pre 0xffff000000000000..0xffff000000000fff level 1 table 0xc000",
                "leaf 0xffff000000000000 -> 0x40000000 size 0x1000 level 1 uxn,af,sh=0x0,attr_index=0x0",
                "post 0xffff000000000000..0xffff000000000fff level 1 table 0xc000",
                "post 0xffff000000000000..0xffff000000000fff level 0 table 0x2000"), log.events());
    }

    @Test
    void walkTheWholeHighRange() {
        EventLog log = new EventLog(walker.info());
        walker.walk(mem, new long[] {TTBR0, TTBR1}, 0xffff_0000_0000_0000L, 0xffff_ffff_ffff_ffffL, log);
        assertEquals(List.of(
                "pre 0xffff000000000000..0xffffffffffffffff level 0 table 0x2000",
                "pre 0xffff000000000000..0xffff007fffffffff level 1 table 0xc000",
                "leaf 0xffff000000000000 -> 0x40000000 size 0x40000000 level 1 uxn,af,sh=0x0,attr_index=0x0",
                "hole 0xffff000040000000..0xffff007fffffffff level 1",
                "post 0xffff000000000000..0xffff007fffffffff level 1 table 0xc000",
                "hole 0xffff008000000000..0xffffff7fffffffff level 0",
                "pre 0xffffff8000000000..0xffffffffffffffff level 1 table 0xd000",
                "hole 0xffffff8000000000..0xffffffffbfffffff level 1",
                "leaf 0xffffffffc0000000 -> 0xc0000000 size 0x40000000 level 1 uxn,pxn,af,sh=0x0,attr_index=0x0",
                "post 0xffffff8000000000..0xffffffffffffffff level 1 table 0xd000",
                "post 0xffff000000000000..0xffffffffffffffff level 0 table 0x2000"), log.events());
    }
}
