package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.x86.X86Bits.G;
import static org.ptdesc.samples.x86.X86Bits.P;
import static org.ptdesc.samples.x86.X86Bits.PCD;
import static org.ptdesc.samples.x86.X86Bits.PS;
import static org.ptdesc.samples.x86.X86Bits.PWT;
import static org.ptdesc.samples.x86.X86Bits.RW;
import static org.ptdesc.samples.x86.X86Bits.US;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;

/**
 * {@code x86_32.ptdesc} against a tree of 32-bit entries built by hand from SDM Vol. 3A §4.3
 * (32-bit paging): 4 KiB pages, 4 MiB pages with PSE-36 address bits (for MAXPHYADDR 40 and
 * 36), the reserved bits of a 4 MiB PDE, CR4.PSE = 0, the R/W and U/S rights of §4.6, the
 * lowest and highest addresses, and a walk.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Paging32Test {

    /** Table 4-3: CR3 bits 31:12 locate the page directory; PWT and PCD are not address bits. */
    static final long CR3 = 0x1000 | PWT | PCD;

    final Engine engine;
    final TreeWalker walker;

    Paging32Test(Engine engine) {
        this.engine = engine;
        this.walker = engine.walker("x86_32");
    }

    /**
     * A 4 MiB PDE (Table 4-4) for a page at physical {@code pa}: pa[31:22] in PDE bits 31:22,
     * pa[39:32] in PDE bits 20:13 (PSE-36).
     */
    static long pde4m(long pa, long flags) {
        return (pa & 0xffc0_0000L) | ((pa >>> 32) & 0xff) << 13 | P | PS | flags;
    }

    /** Page directory 0x1000; page tables 0x2000, 0x3000 and 0x4000; 1 MiB of memory. */
    static PhysicalMemory tree() {
        RawTables t = new RawTables(1 << 20, 4);
        t.put(0x1000, 0, 0x2000 | P | RW | US);                    // PDE -> PT (Table 4-5)
        t.put(0x1000, 1, pde4m(0xab_c0c0_0000L, RW | US | G));     // 4 MiB page above 4 GiB (Table 4-4)
        t.put(0x1000, 2, 0x0080_0000 | 1L << 21 | P | PS);         // bit 21 reserved in a 4 MiB PDE
        t.put(0x1000, 3, 0x00c0_0000 | PS | RW | US);              // P = 0: not present
        t.put(0x1000, 4, pde4m(0x0100_0000L, 0));                  // 4 MiB page, R/W = 0, U/S = 0
        t.put(0x1000, 5, 0xffff_f000L | P | RW | US);              // page table outside the memory
        t.put(0x1000, 6, 0x4000 | P | US);                         // PDE with R/W = 0 -> PT
        t.put(0x1000, 8, pde4m(0xb_4000_0000L, 0));                // PA bits 35:32 only: fine for M = 36
        t.put(0x1000, 9, 0x8000_0000L | 1L << 17 | P | PS);        // PDE bit 17: PA bit 36 (M = 40) or reserved (M = 36)
        t.put(0x1000, 1023, 0x3000 | P | RW);                      // U/S = 0 for the top 4 MiB
        t.put(0x2000, 1, 0x5000 | P | RW | US);                    // PTE (Table 4-6)
        t.put(0x2000, 2, 0x6000 | P | US);                         // PTE with R/W = 0
        t.put(0x2000, 1023, 0xffff_f000L | P | RW | US | G);       // the highest 4 KiB frame
        t.put(0x3000, 1023, 0x7000 | P | RW | US);
        t.put(0x4000, 0, 0x8000 | P | RW | US);
        return t.memory();
    }

    static Translation translate(TreeWalker walker, long va) {
        return walker.translateDetailed(tree(), CR3, va);
    }

    Translation translate(long va) {
        return translate(walker, va);
    }

    @Test
    void fourKibibyteAndFourMebibytePages() {
        // §4.3, Table 4-6: pa = PTE[31:12] | va[11:0].
        Outcome.mapped(translate(0x1abc), 0x5abc, 1, 0x1000);
        Outcome.mapped(translate(0x2000), 0x6000, 1, 0x1000);
        Outcome.mapped(translate(0x3f_f123), 0xffff_f123L, 1, 0x1000);
        // Table 4-4 with PSE-36, M = 40: pa = PDE[20:13] << 32 | PDE[31:22] << 22 | va[21:0].
        Outcome.mapped(translate(0x40_0000 + 0x12_3456), 0xab_c0d2_3456L, 0, 0x40_0000);
        Outcome.mapped(translate(0x7f_ffff), 0xab_c0ff_ffffL, 0, 0x40_0000);
        Outcome.mapped(translate(0x100_0000), 0x100_0000, 0, 0x40_0000);
        Outcome.mapped(translate(0x200_0001), 0xb_4000_0001L, 0, 0x40_0000);
        // PDE bit 17 is PA bit 36 when M = 40.
        Outcome.mapped(translate(0x240_0000), 0x10_8000_0000L, 0, 0x40_0000);
    }

    @Test
    void notPresentReservedAndUnreadable() {
        // §4.3: P = 0 in the PDE or PTE: no translation, whatever the other bits say.
        Outcome.failed(translate(0xc0_0000), Failure.NOT_PRESENT, 0);
        Outcome.failed(translate(0x1c0_0000), Failure.NOT_PRESENT, 0);
        Outcome.failed(translate(0x3000), Failure.NOT_PRESENT, 1);
        // Table 4-4: bit 21 of a 4 MiB PDE is reserved; §4.7: #PF with RSVD = 1.
        Outcome.fault(translate(0x80_0000), 0, "reserved bit set in a PDE mapping a 4 MiB page");
        // PDE 5 points to a page table at 0xffff_f000, outside the 1 MiB image.
        Outcome.outsideMemory(translate(0x140_0000), 1, 0xffff_f000L);
    }

    @Test
    void lowestAndHighestAddresses() {
        // Address 0: PDE 0 -> PTE 0, which is zero.
        Outcome.failed(translate(0), Failure.NOT_PRESENT, 1);
        // 0xffff_ffff: PDE 1023 -> PTE 1023 -> page 0x7000.
        Outcome.mapped(translate(0xffff_ffffL), 0x7fff, 1, 0x1000);
        // Linear addresses are 32 bits (§4.3): anything above is outside the tree.
        Outcome.failed(translate(0x1_0000_0000L), Failure.OUT_OF_RANGE, -1);
        Outcome.failed(translate(-1L), Failure.OUT_OF_RANGE, -1);
    }

    @Test
    void pse36BitsFollowMaxphyaddr() {
        // Table 4-4 with M = 36: PA bits 35:32 come from PDE bits 16:13; bits 21:17 are reserved.
        TreeWalker m36 = engine.walker("x86_32", Map.of("MAXPHYADDR", 36L));
        Outcome.mapped(translate(m36, 0x200_0001), 0xb_4000_0001L, 0, 0x40_0000);
        Outcome.fault(translate(m36, 0x240_0000), 0, "reserved bit");   // bit 17
        Outcome.fault(translate(m36, 0x40_0000), 0, "reserved bit");    // 0xab << 13 sets bits 18 and 20
        Outcome.mapped(translate(m36, 0x1abc), 0x5abc, 1, 0x1000);
    }

    @Test
    void withoutCr4PseEveryPresentPdeReferencesAPageTable() {
        // §4.3: with CR4.PSE = 0, PS is ignored: PDE 1 references a page table at PDE[31:12].
        TreeWalker noPse = engine.walker("x86_32", Map.of("PSE", 0L));
        Outcome.outsideMemory(translate(noPse, 0x40_0000), 1, 0xc0d5_6000L);
        // ... and the bits reserved in a 4 MiB PDE are address bits of the page table.
        Outcome.outsideMemory(translate(noPse, 0x80_0000), 1, 0x00a0_0000L);
        Outcome.mapped(translate(noPse, 0x1abc), 0x5abc, 1, 0x1000);
    }

    @Test
    void readWriteAndUserRightsAreAndedOverThePdeAndThePte() {
        // §4.6.1: writes need R/W = 1, user accesses U/S = 1, in the PDE and in the PTE.
        assertAll(
                () -> assertRights(translate(0x1000), 1, 1, 0),
                () -> assertRights(translate(0x2000), 0, 1, 0),        // PTE R/W = 0
                () -> assertRights(translate(0x180_0000), 0, 1, 0),    // PDE R/W = 0, PTE R/W = 1
                () -> assertRights(translate(0xffff_f000L), 1, 0, 0),  // PDE U/S = 0, PTE U/S = 1
                () -> assertRights(translate(0x100_0000), 0, 0, 0),    // 4 MiB PDE with R/W = U/S = 0
                () -> assertRights(translate(0x40_0000), 1, 1, 1),     // G in a 4 MiB PDE (Table 4-4)
                () -> assertRights(translate(0x3f_f000), 1, 1, 1));    // G in a PTE (Table 4-6)
    }

    private void assertRights(Translation t, long writable, long user, long global) {
        Outcome.mapped(t, t.pa(), t.level(), t.size());
        assertAll("rights of " + Long.toHexString(t.va()),
                () -> assertEquals(writable, LibraryTree.attribute(walker, t.attributes(), "writable"), "writable"),
                () -> assertEquals(user, LibraryTree.attribute(walker, t.attributes(), "user"), "user"),
                () -> assertEquals(global, LibraryTree.attribute(walker, t.attributes(), "global"), "global"));
    }

    @Test
    void walkOfTheFirstTwelveMebibytes() {
        EventLog log = new EventLog(walker.info());
        walker.walk(tree(), CR3, 0, 0xbf_ffff, log);
        assertEquals(List.of(
                "pre  L0 0..bfffff table 1000",
                "pre  L1 0..3fffff table 2000",
                "hole L1 0..fff",
                "leaf L1 1000 -> 5000 size 1000 writable,user",
                "leaf L1 2000 -> 6000 size 1000 user",
                "hole L1 3000..3fefff",
                "leaf L1 3ff000 -> fffff000 size 1000 writable,user,global",
                "post L1 0..3fffff table 2000",
                "leaf L0 400000 -> abc0c00000 size 400000 writable,user,global",
                "fault L0 800000..bfffff entry a00081 FAULT reserved bit set in a PDE mapping a 4 MiB page"
                        + " (Table 4-4; #PF with RSVD = 1, §4.7)",
                "post L0 0..bfffff table 1000"), log.events());
    }
}
