package org.ptdesc.compiler.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ptdesc.compiler.interp.MapperInterpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.MapperLoader;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.TreeMapper;

/**
 * The generated mapper against the reference mapper, on every shipped descriptor: the same
 * random operations (maps of every page size, conflicting ones, replacing ones, unmaps and
 * protects of ranges that cut superpages, ranges outside the tree, attribute words no leaf can
 * carry) give the same outcomes and leave the same bytes in memory after every operation.
 */
class MapperDifferentialTest {

    static final int OPERATIONS = Integer.getInteger("ptdesc.mapper.operations", 300);

    @TestFactory
    Stream<DynamicTest> sameOutcomesSameBytes() throws Exception {
        return org.ptdesc.compiler.codegen.MapperBytecodeTestAccess.shipped().stream()
                .map(m -> DynamicTest.dynamicTest(m.tree().name(), () -> compare(m, m.tree().name().hashCode())));
    }

    /**
     * Hostile memory: random bytes for tables, roots anywhere. Every operation returns an outcome
     * (faults and tables outside memory reported, never an exception), the same on both engines,
     * with the same bytes left behind.
     */
    @TestFactory
    Stream<DynamicTest> hostileMemory() throws Exception {
        return org.ptdesc.compiler.codegen.MapperBytecodeTestAccess.shipped().stream()
                .map(m -> DynamicTest.dynamicTest(m.tree().name(), () -> hostile(m, m.tree().name().hashCode())));
    }

    static void hostile(MapperIr m, long seed) {
        WalkerIr ir = m.tree();
        TreeMapper reference = new MapperInterpreter(m);
        TreeMapper generated = MapperLoader.load(m);
        SplittableRandom random = new SplittableRandom(seed);
        long bytes = 1L << 20;
        try (Arena arena = Arena.ofConfined()) {
            java.lang.foreign.MemorySegment a = arena.allocate(bytes, 4096);
            java.lang.foreign.MemorySegment b = arena.allocate(bytes, 4096);
            for (long at = 0; at < bytes; at += 8) {
                long v = random.nextLong();
                // Mostly addresses inside the segment, so that walks go somewhere.
                long x = random.nextInt(3) == 0 ? v : (v & 0xf_f000L) | (v & 0x8000_0000_0000_0fffL);
                a.set(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, at, x);
            }
            b.copyFrom(a);
            org.ptdesc.runtime.PhysicalMemory ma = org.ptdesc.runtime.PhysicalMemory.of(a);
            org.ptdesc.runtime.PhysicalMemory mb = org.ptdesc.runtime.PhysicalMemory.of(b);
            org.ptdesc.runtime.TablePool pa = new org.ptdesc.runtime.TablePool(ma, bytes / 2, bytes / 2);
            org.ptdesc.runtime.TablePool pb = new org.ptdesc.runtime.TablePool(mb, bytes / 2, bytes / 2);
            long[] roots = new long[ir.roots().size()];
            for (int i = 0; i < 200; i++) {
                for (int r = 0; r < roots.length; r++) {
                    roots[r] = random.nextInt(4) == 0 ? random.nextLong() : random.nextLong(bytes) & -4096L;
                }
                // Small ranges: a hostile tree may claim every entry present, and a big range would
                // then visit all of them (legitimately, but slowly).
                long unit = ir.levels().getLast().span();
                int r = random.nextInt(roots.length);
                long va = ir.roots().get(r).first() + unit * random.nextLong(4096);
                long size = unit * (1 + random.nextLong(64));
                long word = random.nextLong(16);
                int flags = random.nextInt(2);
                MapOutcome x;
                MapOutcome y;
                int kind = random.nextInt(3);
                switch (kind) {
                    case 0 -> {
                        x = reference.map(ma, roots, va, 0, size, word, 0, flags, pa);
                        y = generated.map(mb, roots, va, 0, size, word, 0, flags, pb);
                    }
                    case 1 -> {
                        x = reference.unmap(ma, roots, va, size, pa);
                        y = generated.unmap(mb, roots, va, size, pb);
                    }
                    default -> {
                        x = reference.protect(ma, roots, va, size, word, pa);
                        y = generated.protect(mb, roots, va, size, word, pb);
                    }
                }
                String what = "operation " + i + " kind " + kind + " flags " + flags + " va 0x" + Long.toHexString(va) + " size 0x" + Long.toHexString(size)
                        + " roots " + java.util.Arrays.toString(roots);
                assertEquals(x, y, what);
                assertEquals(-1L, a.mismatch(b), "same bytes after " + what);
            }
        }
    }

    /**
     * Random trees (the walker differential tests' random IRs: 32- and 64-bit entries, either
     * byte order, tags, windows, several roots, random rules that often read {@code va}, so few
     * are buildable): deriving encodings never throws (a tree it cannot build gets diagnostics),
     * and where it derives them, both engines agree on random operations, byte for byte.
     * {@link RandomDescriptorsTest} covers buildable random trees.
     */
    @TestFactory
    Stream<DynamicTest> randomTrees() {
        List<WalkerIr> trees = org.ptdesc.compiler.codegen.MapperBytecodeTestAccess.randomTrees(
                Integer.getInteger("ptdesc.mapper.trees", 2000), 0x6d61_7070L);
        List<DynamicTest> tests = new ArrayList<>();
        int[] built = new int[1];
        for (WalkerIr ir : trees) {
            org.ptdesc.compiler.source.Diagnostics d = new org.ptdesc.compiler.source.Diagnostics();
            MapperIr m = EncodingDerivation.derive(ir, d).orElse(null);
            if (m == null) {
                assertTrue(!d.all().isEmpty(), ir.name() + ": no mapper and no diagnostic");
                continue;
            }
            built[0]++;
            tests.add(DynamicTest.dynamicTest(ir.name(), () -> compare(m, ir.name().hashCode(), 60, false)));
        }
        tests.add(DynamicTest.dynamicTest("enough random trees are buildable",
                () -> assertTrue(built[0] >= 5, built[0] + " of " + trees.size())));
        return tests.stream();
    }

    static void compare(MapperIr m, long seed) {
        compare(m, seed, OPERATIONS, true);
    }

    static void compare(MapperIr m, long seed, int operations, boolean requireSuccesses) {
        WalkerIr ir = m.tree();
        TreeMapper reference = new MapperInterpreter(m);
        TreeMapper generated = MapperLoader.load(m);
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> leafLevels = new ArrayList<>();
        for (int l = 0; l < ir.levels().size(); l++) {
            if (m.levels().get(l).leaf() != null) {
                leafLevels.add(l);
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            long bytes = requireSuccesses ? 16L << 20 : 1L << 20;
            MappedTree a = new MappedTree(ir, reference, arena, bytes, requireSuccesses);
            MappedTree b = new MappedTree(ir, generated, arena, bytes, requireSuccesses);
            assertEquals(a.roots.length, b.roots.length);
            for (int r = 0; r < a.roots.length; r++) {
                assertEquals(a.roots[r], b.roots[r]);
                if (a.roots[r] == TreeMapper.NO_ROOT) {
                    return; // this root cannot name a table in this memory (a random tree)
                }
            }
            // The first walkable address of each root, so that operations meet each other.
            long[] windows = new long[ir.roots().size()];
            for (int r = 0; r < windows.length; r++) {
                windows[r] = ir.roots().get(r).first();
                for (WalkerIr.AddressRange range : ir.ranges()) {
                    long f = Long.compareUnsigned(range.first(), ir.roots().get(r).first()) >= 0 ? range.first()
                            : ir.roots().get(r).first();
                    if (range.contains(f) && Long.compareUnsigned(f, ir.roots().get(r).last()) <= 0) {
                        windows[r] = f;
                        break;
                    }
                }
            }
            int ok = 0;
            for (int i = 0; i < operations; i++) {
                int level = leafLevels.get(random.nextInt(leafLevels.size()));
                long span = ir.levels().get(level).span();
                long unit = ir.levels().get(leafLevels.getLast()).span();
                int root = random.nextInt(windows.length);
                // Now and then off the page size's alignment (small pages only: a misaligned gigabyte
                // becomes a quarter of a million small pages, too slow for the interpreter).
                long va = windows[root] + span * random.nextLong(8)
                        + (span <= 512 * unit && random.nextInt(8) == 0 ? unit * random.nextLong(4) : 0);
                long size = random.nextInt(4) == 0 ? unit * (1 + random.nextLong(64)) : span * (1 + random.nextLong(2));
                // At most 4096 small pages: a big range the attributes force into small pages is slow.
                size = Long.compareUnsigned(size, unit * 4096) > 0 || size == 0 ? unit * 4096 : size;
                long holds = m.levels().get(level).leaf().address().sourceMask();
                long pa = random.nextLong() & holds & -span & ((1L << 40) - 1);
                MapperIr.RuleEncoding leaf = m.levels().get(level).leaf();
                long word = leaf.zeroWord() ^ (random.nextLong() & leaf.attributes().sourceMask());
                if (random.nextInt(20) == 0) {
                    word = random.nextLong();
                }
                MapOutcome x;
                MapOutcome y;
                switch (random.nextInt(4)) {
                    case 0, 1 -> {
                        long pageSize = random.nextBoolean() ? 0 : span;
                        int flags = random.nextInt(4) == 0 ? TreeMapper.REPLACE : 0;
                        x = reference.map(a.mem, a.roots, va, pa, size, word, pageSize, flags, a.pool);
                        y = generated.map(b.mem, b.roots, va, pa, size, word, pageSize, flags, b.pool);
                    }
                    case 2 -> {
                        x = reference.unmap(a.mem, a.roots, va, size, a.pool);
                        y = generated.unmap(b.mem, b.roots, va, size, b.pool);
                    }
                    default -> {
                        x = reference.protect(a.mem, a.roots, va, size, word, a.pool);
                        y = generated.protect(b.mem, b.roots, va, size, word, b.pool);
                    }
                }
                assertEquals(x, y, "operation " + i);
                ok += x.ok() ? 1 : 0;
                long used = Math.max(a.pool.highWater(), b.pool.highWater());
                assertEquals(-1L, a.segment.asSlice(0, used).mismatch(b.segment.asSlice(0, used)),
                        "same bytes after operation " + i);
                assertEquals(a.pool.inUse(), b.pool.inUse());
            }
            assertTrue(!requireSuccesses || ok > operations / 5, "only " + ok + " operations succeeded");
            // Out of range, zero sizes and a root count that does not fit.
            assertEquals(reference.map(a.mem, a.roots, -4096L & ~0xfffL, 0, 1L << 62, 0, 0, 0, a.pool),
                    generated.map(b.mem, b.roots, -4096L & ~0xfffL, 0, 1L << 62, 0, 0, 0, b.pool));
            assertEquals(reference.unmap(a.mem, a.roots, 0, 0, a.pool), generated.unmap(b.mem, b.roots, 0, 0, b.pool));
            assertEquals(-1L, a.segment.mismatch(b.segment));
        }
    }
}
