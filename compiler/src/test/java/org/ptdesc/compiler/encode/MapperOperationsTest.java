package org.ptdesc.compiler.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.encode.MappedTree.Run;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.TreeMapper;

/**
 * The mapper operations one by one on x86-64, with expectations worked out by hand: which
 * page sizes map chooses, conflicts and replacing, unmap splitting a 2 MiB page and freeing the
 * tables it empties, protect splitting a 1 GiB page down to one 4 KiB page, and the refusals
 * (misaligned, outside the canonical halves, attributes no entry holds). Both engines.
 */
class MapperOperationsTest {

    static final long RW_USER = 0x3;   // writable (bit 0), user (bit 1)
    static final long RO_NX = 0x4;     // not writable, supervisor, nx (bit 2)

    @TestFactory
    Stream<DynamicTest> operations() {
        return MapperEngines.all().entrySet().stream().flatMap(e -> Stream.of(
                DynamicTest.dynamicTest("largest pages " + e.getKey(), () -> largestPages(e.getValue())),
                DynamicTest.dynamicTest("conflicts " + e.getKey(), () -> conflicts(e.getValue())),
                DynamicTest.dynamicTest("unmap splits and frees " + e.getKey(), () -> unmapSplits(e.getValue())),
                DynamicTest.dynamicTest("protect splits " + e.getKey(), () -> protectSplits(e.getValue())),
                DynamicTest.dynamicTest("refusals " + e.getKey(), () -> refusals(e.getValue())),
                DynamicTest.dynamicTest("split across a level without leaves " + e.getKey(), () -> gap(e.getValue()))));
    }

    private static MapperIr x86() {
        WalkerIr ir = Ptdesc.compile(ShippedEncodingsTest.SAMPLES.resolve("x86_64.ptdesc"), Map.of()).tree("x86_64")
                .orElseThrow();
        return EncodingDerivation.derive(ir, new Diagnostics()).orElseThrow();
    }

    /** Map picks the largest page that the alignment of both addresses allows, page by page. */
    void largestPages(Function<MapperIr, TreeMapper> engine) {
        MapperIr m = x86();
        TreeMapper mapper = engine.apply(m);
        try (Arena arena = Arena.ofConfined()) {
            MappedTree t = new MappedTree(m.tree(), mapper, arena, 1 << 20);
            // va 0x3ff000 .. 0x80200fff -> pa 0x403ff000: one 4 KiB page up to 0x400000, 2 MiB pages up to
            // 0x40000000, one 1 GiB page (va and pa both 1 GiB aligned there: pa 0x80000000), 2 MiB pages up
            // to 0x80200000 and one last 4 KiB page.
            long va = 0x3ff000;
            long pa = 0x403ff000L;
            long size = 0x80201000L - va;
            assertTrue(mapper.map(t.mem, t.roots, va, pa, size, RW_USER, 0, 0, t.pool).ok());
            assertEquals(List.of(new Run(va, pa, size, RW_USER)), t.walk());
            // Tables: PML4, PDPT, PD for GiB 0, PT for the first page, PD for GiB 2, PT for the last page.
            assertEquals(6, t.pool.inUse());
            assertEquals(0x8000_0000L | 0xe7, t.mem.readLong(pdpt(t) + 8), "PDPT[1]: a 1 GiB page, P|RW|US|A|D|PS");
        }
    }

    private static long pdpt(MappedTree t) {
        return t.mem.readLong(t.roots[0]) & 0x000f_ffff_ffff_f000L;
    }

    void conflicts(Function<MapperIr, TreeMapper> engine) {
        MapperIr m = x86();
        TreeMapper mapper = engine.apply(m);
        try (Arena arena = Arena.ofConfined()) {
            MappedTree t = new MappedTree(m.tree(), mapper, arena, 1 << 20);
            assertTrue(mapper.map(t.mem, t.roots, 0x1000, 0x5000, 0x1000, RW_USER, 0, 0, t.pool).ok());
            MapOutcome o = mapper.map(t.mem, t.roots, 0, 0x4000_0000L, 0x20_0000, RO_NX, 0, 0, t.pool);
            // The 2 MiB page would go in PD[0], which points to the page table holding 0x1000.
            assertEquals(MapOutcome.Kind.CONFLICT, o.kind());
            assertEquals(0, o.va());
            assertEquals(2, o.level());
            assertEquals(0x67, o.entry() & 0xfff, "the PD entry found is a table pointer");
            assertEquals(List.of(new Run(0x1000, 0x5000, 0x1000, RW_USER)), t.walk(), "nothing overwritten");
            // Replacing unmaps first (the page table, now empty, is freed) and maps the 2 MiB page.
            long before = t.pool.inUse();
            assertTrue(mapper.map(t.mem, t.roots, 0, 0x4000_0000L, 0x20_0000, RO_NX, 0, TreeMapper.REPLACE, t.pool).ok());
            assertEquals(List.of(new Run(0, 0x4000_0000L, 0x20_0000, RO_NX)), t.walk());
            assertEquals(before - 1, t.pool.inUse());
            // A given page size: 4 KiB pages where 2 MiB would fit.
            assertTrue(mapper.map(t.mem, t.roots, 0x4000_0000L, 0x8000_0000L, 0x20_0000, RW_USER, 0x1000, 0, t.pool).ok());
            assertEquals(0x8000_0000L | 0x67, t.mem.readLong(t.mem.readLong(pdptEntryTable(t, 1)) & 0x000f_ffff_ffff_f000L));
        }
    }

    /** The PD that PDPT[i] points to. */
    private static long pdptEntryTable(MappedTree t, int i) {
        return t.mem.readLong(pdpt(t) + 8L * i) & 0x000f_ffff_ffff_f000L;
    }

    void unmapSplits(Function<MapperIr, TreeMapper> engine) {
        MapperIr m = x86();
        TreeMapper mapper = engine.apply(m);
        try (Arena arena = Arena.ofConfined()) {
            MappedTree t = new MappedTree(m.tree(), mapper, arena, 1 << 20);
            assertTrue(mapper.map(t.mem, t.roots, 0x20_0000, 0x60_0000, 0x20_0000, RW_USER, 0, 0, t.pool).ok());
            assertEquals(3, t.pool.inUse(), "PML4, PDPT, PD");
            assertTrue(mapper.unmap(t.mem, t.roots, 0x20_1000, 0x1000, t.pool).ok());
            assertEquals(List.of(new Run(0x20_0000, 0x60_0000, 0x1000, RW_USER),
                    new Run(0x20_2000, 0x60_2000, 0x1fe000, RW_USER)), t.walk());
            assertEquals(4, t.pool.inUse(), "the 2 MiB page became a page table");
            assertTrue(mapper.unmap(t.mem, t.roots, 0x20_0000, 0x20_0000, t.pool).ok());
            assertEquals(List.of(), t.walk());
            assertEquals(1, t.pool.inUse(), "PT, PD and PDPT emptied and freed; the top table stays");
            assertEquals(3, t.pool.freed());
            assertEquals(0, t.mem.readLong(t.roots[0]), "PML4[0] invalid again");
        }
    }

    void protectSplits(Function<MapperIr, TreeMapper> engine) {
        MapperIr m = x86();
        TreeMapper mapper = engine.apply(m);
        try (Arena arena = Arena.ofConfined()) {
            MappedTree t = new MappedTree(m.tree(), mapper, arena, 1 << 20);
            long gib = 1L << 30;
            assertTrue(mapper.map(t.mem, t.roots, gib, 2 * gib, gib, RW_USER, 0, 0, t.pool).ok());
            assertTrue(mapper.protect(t.mem, t.roots, gib + 0x20_3000, 0x1000, RO_NX, t.pool).ok());
            assertEquals(List.of(new Run(gib, 2 * gib, 0x20_3000, RW_USER),
                    new Run(gib + 0x20_3000, 2 * gib + 0x20_3000, 0x1000, RO_NX),
                    new Run(gib + 0x20_4000, 2 * gib + 0x20_4000, gib - 0x20_4000, RW_USER)), t.walk());
            assertEquals(4, t.pool.inUse(), "PML4, PDPT, a PD from the 1 GiB page, a PT from one 2 MiB page");
            // Holes are skipped, not refused.
            assertTrue(mapper.protect(t.mem, t.roots, 0, 4 * gib, RW_USER, t.pool).ok());
            assertEquals(List.of(new Run(gib, 2 * gib, gib, RW_USER)), t.walk());
        }
    }

    /**
     * A superpage splits into pages of the next level that has leaves, through tables of the
     * levels between: here level B has no leaf, so cutting a 1 GiB page of level A takes a B table
     * and 512 C tables of 4 KiB pages. The subtree is built before it is pointed to: when the
     * allocator runs out half way, nothing changes and every table it gave is back.
     */
    void gap(Function<MapperIr, TreeMapper> engine) {
        String text = """
                tree gap {
                    address 39 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r[51:12] << 12;
                    level A bits 9 { invalid when !entry[0]; leaf when entry[7] -> entry[51:30] << 30; table -> entry[51:12] << 12; }
                    level B bits 9 { invalid when !entry[0]; table -> entry[51:12] << 12; }
                    level C bits 9 { invalid when !entry[0]; leaf -> entry[51:12] << 12; }
                }
                """;
        WalkerIr ir = Ptdesc.compile("gap.ptdesc", text, Map.of()).tree("gap").orElseThrow();
        MapperIr m = EncodingDerivation.derive(ir, new Diagnostics()).orElseThrow();
        TreeMapper mapper = engine.apply(m);
        try (Arena arena = Arena.ofConfined()) {
            MappedTree small = new MappedTree(ir, mapper, arena, 1 << 20);
            assertTrue(mapper.map(small.mem, small.roots, 0, 0, 1L << 30, 0, 0, 0, small.pool).ok());
            assertEquals(0x81, small.mem.readLong(small.roots[0]), "a 1 GiB leaf: present and bit 7");
            MapOutcome o = mapper.unmap(small.mem, small.roots, 0x1000, 0x1000, small.pool);
            assertEquals(MapOutcome.Kind.NO_MEMORY, o.kind(), "1 MiB holds 239 of the 513 tables");
            assertEquals(0, o.level());
            assertEquals(List.of(new Run(0, 0, 1L << 30, 0)), small.walk());
            assertEquals(1, small.pool.inUse(), "every table of the failed split is back");

            MappedTree t = new MappedTree(ir, mapper, arena, 4 << 20);
            assertTrue(mapper.map(t.mem, t.roots, 0, 0, 1L << 30, 0, 0, 0, t.pool).ok());
            assertTrue(mapper.unmap(t.mem, t.roots, 0x1000, 0x1000, t.pool).ok());
            assertEquals(List.of(new Run(0, 0, 0x1000, 0), new Run(0x2000, 0x2000, (1L << 30) - 0x2000, 0)), t.walk());
            assertEquals(1 + 1 + 512, t.pool.inUse());
            assertTrue(mapper.unmap(t.mem, t.roots, 0, 1L << 30, t.pool).ok());
            assertEquals(1, t.pool.inUse(), "all freed again");
        }
    }

    void refusals(Function<MapperIr, TreeMapper> engine) {
        MapperIr m = x86();
        TreeMapper mapper = engine.apply(m);
        try (Arena arena = Arena.ofConfined()) {
            MappedTree t = new MappedTree(m.tree(), mapper, arena, 1 << 20);
            assertEquals(MapOutcome.Kind.MISALIGNED, mapper.map(t.mem, t.roots, 0x1800, 0, 0x1000, 0, 0, 0, t.pool).kind());
            assertEquals(MapOutcome.Kind.MISALIGNED, mapper.map(t.mem, t.roots, 0x1000, 0, 0, 0, 0, 0, t.pool).kind());
            assertEquals(MapOutcome.Kind.OUT_OF_RANGE,
                    mapper.map(t.mem, t.roots, 0x7fff_ffff_f000L, 0, 0x2000, 0, 0, 0, t.pool).kind(), "crosses into the non-canonical hole");
            assertEquals(MapOutcome.Kind.NOT_ENCODABLE, mapper.map(t.mem, t.roots, 0, 0, 0x1000, 0x80, 0, 0, t.pool).kind(),
                    "bit 7 is no attribute of x86_64");
            assertEquals(MapOutcome.Kind.NOT_ENCODABLE, mapper.map(t.mem, t.roots, 0, 0, 0x1000, 0, 0x3000, 0, t.pool).kind(),
                    "no 12 KiB pages");
            assertEquals(MapOutcome.Kind.NOT_ENCODABLE,
                    mapper.map(t.mem, t.roots, 0, 1L << 52, 0x1000, 0, 0, 0, t.pool).kind(), "beyond MAXPHYADDR");
            assertEquals(List.of(), t.walk());
            // The last refusal came at the leaf, below the tables made on the way; unmapping the
            // range frees them.
            assertEquals(4, t.pool.inUse());
            assertTrue(mapper.unmap(t.mem, t.roots, 0, 0x1000, t.pool).ok());
            assertEquals(1, t.pool.inUse());
        }
    }
}
