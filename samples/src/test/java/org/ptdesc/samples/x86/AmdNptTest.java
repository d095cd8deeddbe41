package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.DocumentedTree;
import org.ptdesc.samples.Translations;
import org.ptdesc.samples.WalkerEngine;

/**
 * {@code amd_npt.ptdesc} on nested page tables built by hand in the long-mode format of AMD
 * APM Vol. 2 §5.3 (Figures 5-18..5-25), which §15.25.4 makes the nested format: nCR3 locates
 * the nested PML4 table, guest physical addresses are not sign-extended (bit 47 is an
 * ordinary index bit, bits 63:48 must be zero), 1 GiB, 2 MiB and 4 KiB pages, U/S and R/W
 * ANDed and NX ORed over the levels, and the PAT bit in bit 12 of large pages and bit 7 of
 * 4 KiB ones. Both engines.
 */
class AmdNptTest {
    static final long P = 1;
    static final long RW = 1 << 1;
    static final long US = 1 << 2;
    static final long PWT = 1 << 3;
    static final long PCD = 1 << 4;
    static final long PS = 1 << 7;
    static final long PAT_4K = 1 << 7;
    static final long PAT_LARGE = 1 << 12;
    static final long NX = 1L << 63;

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void nestedTables(WalkerEngine engine) {
        TreeWalker w = engine.walker("amd_npt");
        RawTables t = new RawTables(1 << 20, 8);
        t.put(0x1000, 0, 0x2000 | P | RW | US);
        t.put(0x1000, 256, 0x3000 | P | US);                     // GPA bit 47: index 256, read-only below
        t.put(0x2000, 1, 0x4000_0000L | P | RW | US | PS | PWT | PAT_LARGE | NX); // 1 GiB page
        t.put(0x2000, 0, 0x4000 | P | RW | US);
        t.put(0x4000, 2, 0x5000 | P | RW);                       // supervisor-only table
        t.put(0x4000, 3, 0x8000_0000L | P | RW | US | PS | PCD);  // 2 MiB page
        t.put(0x5000, 4, 0x6000 | P | RW | US | PAT_4K);          // 4 KiB page, PAT bit 7
        t.put(0x3000, 0, 0x6000 | P | RW | US);
        t.put(0x6000, 0, 0x7_0000_0000L | P | RW | US | PS);     // 2 MiB page under GPA bit 47
        // nCR3 with bits 11:0 set: ignored.
        Translations tr = new Translations(w, t.memory(), 0x1fff);
        Translation giga = tr.mapped(0x4765_4321L, 0x4765_4321L, 1, 0x4000_0000L);
        assertEquals(1, LibraryTree.attribute(w, giga.attributes(), "nx"));
        assertEquals(1, LibraryTree.attribute(w, giga.attributes(), "pat"));
        assertEquals(1, LibraryTree.attribute(w, giga.attributes(), "pwt"));
        // GPA 2 << 21 | 4 << 12 | 0x10 = 0x404010: PML4[0] -> PDPT[0] -> PD[2] -> PT[4].
        Translation small = tr.mapped(0x40_4010L, 0x6010, 3, 0x1000);
        assertEquals(0, LibraryTree.attribute(w, small.attributes(), "user"));  // U/S = 0 in the PDE
        assertEquals(1, LibraryTree.attribute(w, small.attributes(), "pat"));
        Translation large = tr.mapped(0x60_0001L, 0x8000_0001L, 2, 0x20_0000);  // PD[3]
        assertEquals(1, LibraryTree.attribute(w, large.attributes(), "pcd"));
        assertEquals(0, LibraryTree.attribute(w, large.attributes(), "pat"));
        // GPA 0x8000_0000_0000 + 0x1234: index 256 of the PML4, not a non-canonical address.
        Translation high = tr.mapped(0x8000_0000_1234L, 0x7_0000_1234L, 2, 0x20_0000);
        assertEquals(0, LibraryTree.attribute(w, high.attributes(), "writable"));
        tr.fails(0x1_0000_0000_0000L, Failure.OUT_OF_RANGE, -1);  // 2^48
        tr.fails(0xffff_8000_0000_0000L, Failure.OUT_OF_RANGE, -1);
        tr.fails(0x8000_0000L, Failure.NOT_PRESENT, 1);           // PDPT[2] is zero
    }

    @Test
    void documented() {
        DocumentedTree.assertCleanAndDocumented("amd_npt");
    }
}
