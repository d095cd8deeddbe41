package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The generated x86-64 walker on a hand-built tree, against hand-computed answers (Intel SDM
 * Vol. 3A §4.5): 4 KiB, 2 MiB and 1 GiB pages, not-present entries at each level, a table
 * outside memory, non-canonical addresses, both ends of the address space, attributes
 * combined over the levels (§4.6), and complete walk event sequences.
 */
class X86WalkerTest {

    static final long P = 1, RW = 2, US = 4, PS = 0x80, G = 0x100, XD = 1L << 63;
    /** Attribute bits: writable 0, user 1, nx 2, global 3. */
    static final long W = 1, U = 2, NX = 4, GL = 8;

    static final long PML4 = 0x1000, PDPT = 0x2000, PD = 0x3000, PT = 0x4000, PDPT_HIGH = 0x5000;
    /** CR3 with PCID bits set, which the root expression must drop. */
    static final long CR3 = PML4 | 0xabc;
    static final long OUTSIDE = 0x1_0000_0000L;

    static TreeWalker walker;
    static PhysicalMemory mem;

    @BeforeAll
    static void build() {
        walker = new WalkerLoader(TreeWalker.class.getClassLoader()).load(IrFixtures.x86_64());
        MemorySegment segment = Arena.ofAuto().allocate(0x10000);
        mem = PhysicalMemory.of(segment);
        mem.writeLong(PML4, PDPT | P | RW | US, false);                        // va 0 .. 512G-1
        mem.writeLong(PML4 + 511 * 8, PDPT_HIGH | P | RW, false);              // top 512G, supervisor
        mem.writeLong(PDPT, PD | P | RW | US, false);                          // va 0 .. 1G-1
        mem.writeLong(PDPT + 8, 0xC000_0000L | P | RW | PS | G, false);        // 1G page, supervisor, global
        mem.writeLong(PD, PT | P | RW | US, false);                            // va 0 .. 2M-1
        mem.writeLong(PD + 8, 0x00A0_0000L | P | US | PS | XD, false);         // 2M page, read-only, no-exec
        mem.writeLong(PD + 16, OUTSIDE | P | RW | US, false);                  // table outside memory
        mem.writeLong(PT + 8, 0x7000 | P | RW | US, false);                    // va 0x1000
        mem.writeLong(PT + 16, 0x8000 | P | RW | US | G, false);               // va 0x2000
        mem.writeLong(PDPT_HIGH + 511 * 8, 0x1_0000_0000L | P | RW | US | PS, false); // last 1G
    }

    static Translation detailed(long va) {
        Translation t = walker.translateDetailed(mem, CR3, va);
        assertEquals(t, walker.translateDetailed(mem, new long[] {CR3}, va));
        assertEquals(t.pa(), walker.translate(mem, CR3, va));
        assertEquals(t.pa(), walker.translate(mem, new long[] {CR3}, va));
        assertEquals(va, t.va());
        return t;
    }

    @Test
    void fourKilobytePages() {
        assertEquals(Translation.mapped(0x1234, 0x7234, 3, 0x1000, 0x7000 | P | RW | US, W | U), detailed(0x1234));
        assertEquals(Translation.mapped(0x2fff, 0x8fff, 3, 0x1000, 0x8000 | P | RW | US | G, W | U | GL), detailed(0x2fff));
    }

    @Test
    void twoMegabytePage() {
        assertEquals(Translation.mapped(0x21_2345, 0xA1_2345, 2, 0x20_0000, 0x00A0_0000L | P | US | PS | XD, U | NX),
                detailed(0x21_2345));
    }

    @Test
    void oneGigabytePage() {
        assertEquals(Translation.mapped(0x4000_1234L, 0xC000_1234L, 1, 0x4000_0000, 0xC000_0000L | P | RW | PS | G, W | GL),
                detailed(0x4000_1234L));
    }

    @Test
    void topOfTheAddressSpace() {
        assertEquals(Translation.mapped(-1L, 0x1_3fff_ffffL, 1, 0x4000_0000, 0x1_0000_0000L | P | RW | US | PS, W),
                detailed(-1L));
        assertEquals(0x1_0000_0000L, walker.translate(mem, CR3, 0xffff_ffff_c000_0000L));
    }

    @Test
    void notPresentAtEachLevel() {
        assertEquals(Translation.failed(0, 3, 0, Failure.NOT_PRESENT, ""), detailed(0));
        assertEquals(Translation.failed(0x60_0000, 2, 0, Failure.NOT_PRESENT, ""), detailed(0x60_0000));
        assertEquals(Translation.failed(0x8000_0000L, 1, 0, Failure.NOT_PRESENT, ""), detailed(0x8000_0000L));
        assertEquals(Translation.failed(0x80_0000_0000L, 0, 0, Failure.NOT_PRESENT, ""), detailed(0x80_0000_0000L));
        assertEquals(Translation.failed(0xffff_8000_0000_0000L, 0, 0, Failure.NOT_PRESENT, ""),
                detailed(0xffff_8000_0000_0000L));
        assertEquals(TreeWalker.NO_MAPPING, walker.translate(mem, CR3, 0));
    }

    @Test
    void tableOutsideMemory() {
        // PD[2] points at a page table beyond the 64 KiB image: its entry's address cannot be read.
        assertEquals(Translation.failed(0x40_3000, 3, OUTSIDE + 3 * 8, Failure.TABLE_OUTSIDE_MEMORY, ""), detailed(0x40_3000));
        // A root outside memory fails at level 0.
        Translation t = walker.translateDetailed(mem, 0x10_0000_0000L, 0x1000);
        assertEquals(Translation.failed(0x1000, 0, 0x10_0000_0000L, Failure.TABLE_OUTSIDE_MEMORY, ""), t);
        assertEquals(TreeWalker.NO_MAPPING, walker.translate(mem, 0x10_0000_0000L, 0x1000));
    }

    @Test
    void nonCanonicalAddresses() {
        for (long va : new long[] {0x8000_0000_0000L, 0xffff_7fff_ffff_ffffL, 0x0001_0000_0000_0000L, Long.MIN_VALUE,
                Long.MAX_VALUE}) {
            assertEquals(Translation.failed(va, -1, 0, Failure.OUT_OF_RANGE, ""), detailed(va), Long.toHexString(va));
        }
    }

    @Test
    void rootCountIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> walker.translate(mem, new long[] {CR3, CR3}, 0));
        assertThrows(IllegalArgumentException.class, () -> walker.translate(mem, CR3, CR3, 0));
        assertThrows(IllegalArgumentException.class, () -> walker.walk(mem, new long[0], 0, 1, new EventLog()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> walker.translateDetailed(mem, new long[0], 0));
        assertTrue(e.getMessage().contains("cr3"), e.getMessage());
    }

    static List<String> walk(long first, long last) {
        EventLog log = new EventLog();
        walker.walk(mem, CR3, first, last, log);
        EventLog viaArray = new EventLog();
        walker.walk(mem, new long[] {CR3}, first, last, viaArray);
        assertEquals(log.events, viaArray.events);
        return log.events;
    }

    @Test
    void walkOfTheFirstEightMegabytes() {
        assertEquals(List.of(
                "pre 0x0..0x7fffff L0 table 0x1000",
                "pre 0x0..0x7fffff L1 table 0x2000",
                "pre 0x0..0x7fffff L2 table 0x3000",
                "pre 0x0..0x1fffff L3 table 0x4000",
                "hole 0x0..0xfff L3",
                "leaf 0x1000 -> 0x7000 size 0x1000 L3 entry 0x7007 attrs 0x3",
                "leaf 0x2000 -> 0x8000 size 0x1000 L3 entry 0x8107 attrs 0xb",
                "hole 0x3000..0x1fffff L3",
                "post 0x0..0x1fffff L3 table 0x4000",
                "leaf 0x200000 -> 0xa00000 size 0x200000 L2 entry 0x8000000000a00085 attrs 0x6",
                "fault 0x400000..0x5fffff L3 entry 0x100000000 TABLE_OUTSIDE_MEMORY",
                "hole 0x600000..0x7fffff L2",
                "post 0x0..0x7fffff L2 table 0x3000",
                "post 0x0..0x7fffff L1 table 0x2000",
                "post 0x0..0x7fffff L0 table 0x1000"), walk(0, 0x7f_ffff));
    }

    @Test
    void walkOfTheWholeAddressSpace() {
        assertEquals(List.of(
                "pre 0x0..0x7fffffffffff L0 table 0x1000",
                "pre 0x0..0x7fffffffff L1 table 0x2000",
                "pre 0x0..0x3fffffff L2 table 0x3000",
                "pre 0x0..0x1fffff L3 table 0x4000",
                "hole 0x0..0xfff L3",
                "leaf 0x1000 -> 0x7000 size 0x1000 L3 entry 0x7007 attrs 0x3",
                "leaf 0x2000 -> 0x8000 size 0x1000 L3 entry 0x8107 attrs 0xb",
                "hole 0x3000..0x1fffff L3",
                "post 0x0..0x1fffff L3 table 0x4000",
                "leaf 0x200000 -> 0xa00000 size 0x200000 L2 entry 0x8000000000a00085 attrs 0x6",
                "fault 0x400000..0x5fffff L3 entry 0x100000000 TABLE_OUTSIDE_MEMORY",
                "hole 0x600000..0x3fffffff L2",
                "post 0x0..0x3fffffff L2 table 0x3000",
                "leaf 0x40000000 -> 0xc0000000 size 0x40000000 L1 entry 0xc0000183 attrs 0x9",
                "hole 0x80000000..0x7fffffffff L1",
                "post 0x0..0x7fffffffff L1 table 0x2000",
                "hole 0x8000000000..0x7fffffffffff L0",
                "post 0x0..0x7fffffffffff L0 table 0x1000",
                "pre 0xffff800000000000..0xffffffffffffffff L0 table 0x1000",
                "hole 0xffff800000000000..0xffffff7fffffffff L0",
                "pre 0xffffff8000000000..0xffffffffffffffff L1 table 0x5000",
                "hole 0xffffff8000000000..0xffffffffbfffffff L1",
                "leaf 0xffffffffc0000000 -> 0x100000000 size 0x40000000 L1 entry 0x100000087 attrs 0x1",
                "post 0xffffff8000000000..0xffffffffffffffff L1 table 0x5000",
                "post 0xffff800000000000..0xffffffffffffffff L0 table 0x1000"), walk(0, -1L));
    }

    @Test
    void walkClipsToTheRequestedRange() {
        assertEquals(List.of(
                "pre 0x1800..0x2fff L0 table 0x1000",
                "pre 0x1800..0x2fff L1 table 0x2000",
                "pre 0x1800..0x2fff L2 table 0x3000",
                "pre 0x1800..0x2fff L3 table 0x4000",
                "leaf 0x1800 -> 0x7800 size 0x800 L3 entry 0x7007 attrs 0x3",
                "leaf 0x2000 -> 0x8000 size 0x1000 L3 entry 0x8107 attrs 0xb",
                "post 0x1800..0x2fff L3 table 0x4000",
                "post 0x1800..0x2fff L2 table 0x3000",
                "post 0x1800..0x2fff L1 table 0x2000",
                "post 0x1800..0x2fff L0 table 0x1000"), walk(0x1800, 0x2fff));
    }

    @Test
    void walkAtTheTopEndsWithoutOverflow() {
        assertEquals(List.of(
                "pre 0xfffffffffffff000..0xffffffffffffffff L0 table 0x1000",
                "pre 0xfffffffffffff000..0xffffffffffffffff L1 table 0x5000",
                "leaf 0xfffffffffffff000 -> 0x13ffff000 size 0x1000 L1 entry 0x100000087 attrs 0x1",
                "post 0xfffffffffffff000..0xffffffffffffffff L1 table 0x5000",
                "post 0xfffffffffffff000..0xffffffffffffffff L0 table 0x1000"), walk(0xffff_ffff_ffff_f000L, -1L));
        assertEquals(List.of(
                "pre 0xffffffffffffffff..0xffffffffffffffff L0 table 0x1000",
                "pre 0xffffffffffffffff..0xffffffffffffffff L1 table 0x5000",
                "leaf 0xffffffffffffffff -> 0x13fffffff size 0x1 L1 entry 0x100000087 attrs 0x1",
                "post 0xffffffffffffffff..0xffffffffffffffff L1 table 0x5000",
                "post 0xffffffffffffffff..0xffffffffffffffff L0 table 0x1000"), walk(-1L, -1L));
    }

    @Test
    void emptyAndNonCanonicalRangesHaveNoEvents() {
        assertEquals(List.of(), walk(0x2000, 0x1000));
        assertEquals(List.of(), walk(-1L, 0));
        assertEquals(List.of(), walk(0x8000_0000_0000L, 0xffff_7fff_ffff_ffffL));
    }

    @Test
    void walkOfARootOutsideMemory() {
        EventLog log = new EventLog();
        walker.walk(mem, 0x10_0000_0000L, 0, 0xfff, log);
        assertEquals(List.of("fault 0x0..0xfff L0 entry 0x1000000000 TABLE_OUTSIDE_MEMORY"), log.events);
    }

    @Test
    void visitorStopsTheWalkAtOnce() {
        EventLog log = new EventLog(6, 0);
        walker.walk(mem, CR3, 0, -1L, log);
        assertEquals("leaf 0x1000 -> 0x7000 size 0x1000 L3 entry 0x7007 attrs 0x3", log.events.getLast());
        assertEquals(6, log.events.size());
        EventLog atHole = new EventLog(5, 0);
        walker.walk(mem, CR3, 0, -1L, atHole);
        assertEquals("hole 0x0..0xfff L3", atHole.events.getLast());
        assertEquals(5, atHole.events.size());
    }

    @Test
    void skippedTableHasNoEventsAndNoPost() {
        List<String> events = new java.util.ArrayList<>();
        walker.walk(mem, CR3, 0, 0x3f_ffff, new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                events.add("leaf " + Long.toHexString(va));
                return true;
            }

            @Override
            public Action pre(long first, long last, int level, long table) {
                events.add("pre L" + level);
                return level == 3 ? Action.SKIP : Action.CONTINUE;
            }

            @Override
            public boolean post(long first, long last, int level, long table) {
                events.add("post L" + level);
                return true;
            }
        });
        assertEquals(List.of("pre L0", "pre L1", "pre L2", "pre L3", "leaf 200000", "post L2", "post L1", "post L0"), events);
    }
}
