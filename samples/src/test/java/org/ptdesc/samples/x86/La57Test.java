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
import static org.ptdesc.samples.x86.X86Bits.XD;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;

/**
 * {@code x86_64_la57.ptdesc} against a tree built by hand from SDM Vol. 3A §4.5 (5-level
 * paging): every entry kind at every level, both canonical halves of the 57-bit space, the
 * addresses non-canonical under LA57 (and one that only 4-level paging would refuse), the
 * accumulated R/W, U/S and XD rights of §4.6, and a whole walk.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class La57Test {

    /**
     * CR3 with PWT, PCD and PCID-looking low bits (Tables 4-12, 4-13: bits 11:0 are flags or
     * the PCID, not address bits): the PML5 table is at 0x1000.
     */
    static final long CR3 = 0x1000 | PWT | PCD | 0x5a0;

    final Engine engine;
    final TreeWalker walker;

    La57Test(Engine engine) {
        this.engine = engine;
        this.walker = engine.walker("x86_64_la57");
    }

    /**
     * The tree. Tables: PML5 0x1000; PML4 0x2000 (low half) and 0x7000 (high half); PDPT 0x3000,
     * 0x8000 and 0xb000; PD 0x4000 and 0xc000; PT 0x5000, 0x6000 and 0xd000.
     */
    static PhysicalMemory tree() {
        RawTables t = new RawTables(1 << 20, 8);
        t.put(0x1000, 0, 0x2000 | P | RW | US);                  // PML5E -> PML4 (Table 4-14)
        t.put(0x1000, 1, 0x3000 | RW | US);                      // P = 0: not present whatever else is set
        t.put(0x1000, 2, 0x7fff_f000_0000L | P | RW | US);       // PML4 table outside the memory
        t.put(0x1000, 511, 0x7000 | P | RW);                     // U/S = 0 for the top 256 TiB
        t.put(0x2000, 0, 0x3000 | P | RW | US);                  // PML4E -> PDPT (Table 4-15)
        t.put(0x2000, 511, 0x8000 | P | RW | US | XD);           // XD for 512 GiB
        t.put(0x3000, 0, 0x4000 | P | RW | US);                  // PDPTE -> PD (Table 4-17)
        t.put(0x3000, 1, 0x1_8000_0000L | P | PS | US | G);      // 1 GiB page, R/W = 0 (Table 4-16)
        t.put(0x3000, 2, 0x2_0000_0000L | PS | RW | US);         // PS = 1 but P = 0: not present
        t.put(0x4000, 0, 0x5000 | P | RW | US);                  // PDE -> PT (Table 4-19)
        t.put(0x4000, 1, 0xab_cde0_0000L | P | PS | RW | US | XD | G); // 2 MiB page (Table 4-18)
        t.put(0x4000, 2, 0x6000 | P | US);                       // PDE with R/W = 0 -> PT
        t.put(0x5000, 1, 0x000f_ffff_ffff_f000L | P | RW | US);  // highest 4 KiB frame with M = 52
        t.put(0x5000, 2, 0x07f0_0000_0000_9000L | P | RW | US | XD | G); // bits 58:52 ignored (Table 4-20)
        t.put(0x5000, 511, 0x2_0000_0000L | P | RW | US);
        t.put(0x6000, 0, 0xa000 | P | RW | US);
        t.put(0x8000, 511, 0x40_0000_0000L | P | PS | RW | US);  // 1 GiB page under the XD PML4E
        t.put(0x7000, 511, 0xb000 | P | RW | US);
        t.put(0xb000, 511, 0xc000 | P | RW | US);
        t.put(0xc000, 511, 0xd000 | P | RW | US);
        t.put(0xd000, 511, 0xe000 | P | RW | US);                // the last 4 KiB of the address space
        return t.memory();
    }

    Translation translate(long va) {
        return walker.translateDetailed(tree(), CR3, va);
    }

    @Test
    void pagesAtEveryLevelThatMayMapOne() {
        // §4.5.4: a PTE maps a 4 KiB page; pa = frame | va[11:0].
        Outcome.mapped(translate(0x1234), 0x000f_ffff_ffff_f234L, 4, 0x1000);
        // Table 4-20: bits 58:52 of a PTE are ignored, not address bits.
        Outcome.mapped(translate(0x2fff), 0x9fff, 4, 0x1000);
        Outcome.mapped(translate(0x1f_f000), 0x2_0000_0000L, 4, 0x1000);
        // Table 4-18: a PDE with PS = 1 maps 2 MiB; pa = PDE[51:21] | va[20:0].
        Outcome.mapped(translate(0x20_0000), 0xab_cde0_0000L, 3, 0x20_0000);
        Outcome.mapped(translate(0x3f_ffff), 0xab_cdff_ffffL, 3, 0x20_0000);
        // Table 4-16: a PDPTE with PS = 1 maps 1 GiB; pa = PDPTE[51:30] | va[29:0].
        Outcome.mapped(translate(0x4000_0000L), 0x1_8000_0000L, 2, 0x4000_0000L);
        Outcome.mapped(translate(0x7fff_ffffL), 0x1_bfff_ffffL, 2, 0x4000_0000L);
        Outcome.mapped(translate(0xffff_c123_4567L), 0x40_0123_4567L, 2, 0x4000_0000L);
    }

    @Test
    void notPresentEntriesAtEveryLevel() {
        // §4.5.4: P = 0 in any entry of the walk means no translation (a #PF, P = 0 in the error code).
        Outcome.failed(translate(0x1_0000_0000_0000L), Failure.NOT_PRESENT, 0);   // PML5E 1
        Outcome.failed(translate(0x80_0000_0000L), Failure.NOT_PRESENT, 1);       // PML4E 1
        Outcome.failed(translate(0x8000_0000L), Failure.NOT_PRESENT, 2);          // PDPTE 2: PS but P = 0
        Outcome.failed(translate(0x60_0000), Failure.NOT_PRESENT, 3);             // PDE 3
        Outcome.failed(translate(0x3000), Failure.NOT_PRESENT, 4);                // PTE 3
    }

    @Test
    void tableOutsideMemoryIsReportedWithTheUnreadableAddress() {
        // PML5E 2 points to a PML4 table at 0x7fff_f000_0000, outside the 1 MiB image; entry 0 of it.
        Outcome.outsideMemory(translate(0x2_0000_0000_0000L), 1, 0x7fff_f000_0000L);
    }

    @Test
    void lowestAndHighestAddresses() {
        // Address 0: PML5E 0, PML4E 0, PDPTE 0, PDE 0, PTE 0, which is zero: not present at the PT.
        Outcome.failed(translate(0), Failure.NOT_PRESENT, 4);
        // 0xffff_ffff_ffff_ffff: PML5E 511 .. PTE 511, the page at 0xe000.
        Outcome.mapped(translate(-1L), 0xefff, 4, 0x1000);
        Outcome.mapped(translate(0xffff_ffff_ffff_f000L), 0xe000, 4, 0x1000);
    }

    @Test
    void canonicalAddressesHave63To57EqualToBit56() {
        // §4.5.1 / §3.3.7.1 with LA57: a linear address is canonical when bits 63:57 equal bit 56.
        Outcome.failed(translate(0x0100_0000_0000_0000L), Failure.OUT_OF_RANGE, -1);
        Outcome.failed(translate(0xfeff_ffff_ffff_ffffL), Failure.OUT_OF_RANGE, -1);
        Outcome.failed(translate(0x8000_0000_0000_0000L), Failure.OUT_OF_RANGE, -1);
        Outcome.failed(translate(0x7fff_ffff_ffff_ffffL), Failure.OUT_OF_RANGE, -1);
        // The highest canonical address of the low half (PML5E 255) and lowest of the high
        // half (PML5E 256) are walked: both PML5Es are zero.
        Outcome.failed(translate(0x00ff_ffff_ffff_ffffL), Failure.NOT_PRESENT, 0);
        Outcome.failed(translate(0xff00_0000_0000_0000L), Failure.NOT_PRESENT, 0);
        // Non-canonical with 4-level paging (bit 47 set, 63:48 clear) but canonical with LA57:
        // PML5E 0 -> PML4E 256, which is zero.
        Outcome.failed(translate(0x0000_8000_0000_0000L), Failure.NOT_PRESENT, 1);
    }

    @Test
    void accessRightsCombineOverAllFiveLevels() {
        // §4.6.1: writes need R/W = 1 and user accesses U/S = 1 in every entry used; fetches
        // are forbidden when XD = 1 in any entry used (IA32_EFER.NXE = 1).
        Translation all = translate(0x1000);
        Translation pdReadOnly = translate(0x40_0000);       // PDE R/W = 0, PTE R/W = 1
        Translation leafReadOnly = translate(0x4000_0000L);  // 1 GiB PDPTE with R/W = 0
        Translation pml4NoExec = translate(0xffff_c000_0000L); // PML4E XD = 1, 1 GiB PDPTE XD = 0
        Translation leafNoExec = translate(0x20_0000);       // 2 MiB PDE with XD = 1
        Translation pml5Supervisor = translate(-1L);         // PML5E U/S = 0, the rest U/S = 1
        assertAll(
                () -> assertRights(all, 1, 1, 0, 0),
                () -> assertRights(pdReadOnly, 0, 1, 0, 0),
                () -> assertRights(leafReadOnly, 0, 1, 0, 1),
                () -> assertRights(pml4NoExec, 1, 1, 1, 0),
                () -> assertRights(leafNoExec, 1, 1, 1, 1),
                () -> assertRights(pml5Supervisor, 1, 0, 0, 0),
                () -> assertRights(translate(0x2000), 1, 1, 1, 1));
    }

    private void assertRights(Translation t, long writable, long user, long nx, long global) {
        Outcome.mapped(t, t.pa(), t.level(), t.size());
        String va = Long.toHexString(t.va());
        assertAll("rights of " + va,
                () -> assertEquals(writable, LibraryTree.attribute(walker, t.attributes(), "writable"), "writable"),
                () -> assertEquals(user, LibraryTree.attribute(walker, t.attributes(), "user"), "user"),
                () -> assertEquals(nx, LibraryTree.attribute(walker, t.attributes(), "nx"), "nx"),
                // Tables 4-16, 4-18, 4-20: G is bit 8 of the entry that maps the page.
                () -> assertEquals(global, LibraryTree.attribute(walker, t.attributes(), "global"), "global"));
    }

    @Test
    void walkOfTheFirstSixMebibytes() {
        EventLog log = new EventLog(walker.info());
        walker.walk(tree(), CR3, 0, 0x5f_ffff, log);
        assertEquals(List.of(
                "pre  L0 0..5fffff table 1000",
                "pre  L1 0..5fffff table 2000",
                "pre  L2 0..5fffff table 3000",
                "pre  L3 0..5fffff table 4000",
                "pre  L4 0..1fffff table 5000",
                "hole L4 0..fff",
                "leaf L4 1000 -> ffffffffff000 size 1000 writable,user",
                "leaf L4 2000 -> 9000 size 1000 writable,user,nx,global",
                "hole L4 3000..1fefff",
                "leaf L4 1ff000 -> 200000000 size 1000 writable,user",
                "post L4 0..1fffff table 5000",
                "leaf L3 200000 -> abcde00000 size 200000 writable,user,nx,global",
                "pre  L4 400000..5fffff table 6000",
                "leaf L4 400000 -> a000 size 1000 user",
                "hole L4 401000..5fffff",
                "post L4 400000..5fffff table 6000",
                "post L3 0..5fffff table 4000",
                "post L2 0..5fffff table 3000",
                "post L1 0..5fffff table 2000",
                "post L0 0..5fffff table 1000"), log.events());
    }

    @Test
    void walkOfTheWholeSpaceVisitsBothCanonicalHalves() {
        // Only leaves and faults: the holes and tables of 2^57 bytes would bury the point, which
        // is that the walk covers the low half, skips the non-canonical gap and covers the high half.
        EventLog log = new EventLog(walker.info());
        walker.walk(tree(), CR3, 0, -1L, log);
        List<String> mappingsAndFaults = log.events().stream()
                .filter(e -> e.startsWith("leaf") || e.startsWith("fault")).toList();
        assertEquals(List.of(
                "leaf L4 1000 -> ffffffffff000 size 1000 writable,user",
                "leaf L4 2000 -> 9000 size 1000 writable,user,nx,global",
                "leaf L4 1ff000 -> 200000000 size 1000 writable,user",
                "leaf L3 200000 -> abcde00000 size 200000 writable,user,nx,global",
                "leaf L4 400000 -> a000 size 1000 user",
                "leaf L2 40000000 -> 180000000 size 40000000 user,global",
                "leaf L2 ffffc0000000 -> 4000000000 size 40000000 writable,user,nx",
                "fault L1 2000000000000..2ffffffffffff entry 7ffff0000000 TABLE_OUTSIDE_MEMORY",
                "leaf L4 fffffffffffff000 -> e000 size 1000 writable"), mappingsAndFaults);
        // The first and last events: the walk enters the PML5 table once per canonical half.
        List<String> events = log.events();
        assertEquals("pre  L0 0..ffffffffffffff table 1000", events.getFirst());
        assertEquals("post L0 ff00000000000000..ffffffffffffffff table 1000", events.getLast());
    }
}
