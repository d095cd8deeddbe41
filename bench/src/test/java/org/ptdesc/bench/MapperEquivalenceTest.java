package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeMapper;

/**
 * The bar is fair: the hand-written mapper and the generated one do the same job, byte for
 * byte: the benchmark's operation, and random maps (every page size, attribute words 0..15) and
 * unmaps (cutting superpages) with the same outcomes and the same memory after each.
 */
class MapperEquivalenceTest {

    @Test
    void handWrittenAndGeneratedWriteTheSameBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(8L << 20, 4096);
            MemorySegment b = arena.allocate(8L << 20, 4096);
            TreeMapper generated = MapperBenchmark.create("GENERATED", a);
            TreeMapper hand = MapperBenchmark.create("HAND_WRITTEN", b);
            PhysicalMemory ma = PhysicalMemory.of(a);
            PhysicalMemory mb = PhysicalMemory.of(b);
            BenchTables ta = new BenchTables(a, 4096, 2047);
            BenchTables tb = new BenchTables(b, 4096, 2047);
            long[] ra = {generated.newRoot(ma, 0, ta)};
            long[] rb = {hand.newRoot(mb, 0, tb)};
            assertEquals(ra[0], rb[0]);

            MapOutcome x = generated.map(ma, ra, MapperBenchmark.VA, MapperBenchmark.PA, MapperBenchmark.GIB,
                    MapperBenchmark.ATTRIBUTES, 4096, 0, ta);
            MapOutcome y = hand.map(mb, rb, MapperBenchmark.VA, MapperBenchmark.PA, MapperBenchmark.GIB,
                    MapperBenchmark.ATTRIBUTES, 4096, 0, tb);
            assertTrue(x.ok() && y.ok());
            assertEquals(-1L, a.mismatch(b), "the benchmark's map writes the same bytes");
            assertEquals(generated.unmap(ma, ra, MapperBenchmark.VA, MapperBenchmark.GIB, ta),
                    hand.unmap(mb, rb, MapperBenchmark.VA, MapperBenchmark.GIB, tb));
            assertEquals(-1L, a.mismatch(b), "the benchmark's unmap writes the same bytes");
            assertEquals(2046, ta.available());
            assertEquals(2046, tb.available());

            SplittableRandom random = new SplittableRandom(7);
            long[] spans = {1L << 12, 1L << 21, 1L << 30};
            int ok = 0;
            for (int i = 0; i < 400; i++) {
                long span = spans[random.nextInt(3)];
                long va = 0x7f00_0000_0000L + span * random.nextLong(4) + (random.nextInt(4) == 0 ? 4096 * random.nextLong(600) : 0);
                long size = span == 1L << 30 && random.nextBoolean() ? 4096 * (1 + random.nextLong(1024)) : span;
                long pa = random.nextLong(1L << 20) * span & ((1L << 46) - 1);
                long attrs = random.nextLong(16);
                if (random.nextInt(3) > 0) {
                    long page = random.nextBoolean() ? 0 : span;
                    x = generated.map(ma, ra, va, pa, size, attrs, page, 0, ta);
                    y = hand.map(mb, rb, va, pa, size, attrs, page, 0, tb);
                } else {
                    x = generated.unmap(ma, ra, va, size, ta);
                    y = hand.unmap(mb, rb, va, size, tb);
                }
                assertEquals(x, y, "operation " + i);
                ok += x.ok() ? 1 : 0;
                assertEquals(-1L, a.mismatch(b), "same bytes after operation " + i);
            }
            assertTrue(ok > 100, ok + " operations succeeded");
        }
    }
}
