package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * What a parallel walk's cut costs on the largest bundled image, against the walk it cuts: in
 * one JVM, alternately, {@code walkApart} with a visitor shaped like the runtime's cutter (it
 * enters the tables of every level but the last, skips the last level's and counts them) and
 * {@code walk} with a {@link LeafSum}; prints the medians of the second half of the rounds.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.ptdesc.bench.CuttingWalkProbe [rounds]} from the repository root (4 000 unless told).
 */
public final class CuttingWalkProbe {

    private CuttingWalkProbe() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        LargestImage image = LargestImage.find();
        PhysicalMemory mem = image.memory();
        long[] roots = image.roots();
        TreeWalker walker = Engine.GENERATED.create(null);
        int deepest = walker.info().levels().size() - 1;
        LeafSum sum = new LeafSum();
        long[] cutNanos = new long[rounds];
        long[] walkNanos = new long[rounds];
        TableCounter cutter = null;
        for (int r = 0; r < rounds; r++) {
            cutter = new TableCounter(deepest);
            long t0 = System.nanoTime();
            walker.walkApart(mem, roots, 0, -1L, cutter);
            long t1 = System.nanoTime();
            sum.reset();
            walker.walk(mem, roots, 0, -1L, sum);
            walkNanos[r] = System.nanoTime() - t1;
            cutNanos[r] = t1 - t0;
        }
        System.out.printf("tables %d, events %d; cut median %.1f µs, walk median %.1f µs%n",
                cutter.tables, cutter.events, median(cutNanos) / 1e3, median(walkNanos) / 1e3);
    }

    private static long median(long[] nanos) {
        long[] late = Arrays.copyOfRange(nanos, nanos.length / 2, nanos.length);
        Arrays.sort(late);
        return late[late.length / 2];
    }

    /** Enters every table above the deepest level, skips the deepest level's, counts both. */
    private static final class TableCounter implements WalkVisitor {
        private final int deepest;
        long tables;
        long events;

        TableCounter(int deepest) {
            this.deepest = deepest;
        }

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            events++;
            return true;
        }

        @Override
        public boolean hole(long first, long last, int level) {
            events++;
            return true;
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            events++;
            return true;
        }

        @Override
        public Action pre(long first, long last, int level, long table) {
            tables++;
            return level < deepest ? Action.CONTINUE : Action.SKIP;
        }
    }
}
