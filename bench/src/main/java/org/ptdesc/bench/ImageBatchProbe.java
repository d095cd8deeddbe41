package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The generated batched walk of the largest bundled image ({@code x86_64-4l-nokaslr-user}, its
 * whole space) with {@link BatchSum}, alone in one JVM: many walks one after the other, the
 * medians of each tenth of them and the best, so that a change of compiled code during the run
 * (a deoptimisation and recompilation) shows as a step between tenths. The sum is checked the
 * same in every walk.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.ptdesc.bench.ImageBatchProbe [walks [capacity [count]]]} from the repository root (300
 * walks in batches of {@link LeafBatch#DEFAULT_CAPACITY} unless told; {@code count}: a consumer
 * that only counts the events instead of {@link BatchSum}).
 */
public final class ImageBatchProbe {

    private ImageBatchProbe() {}

    public static void main(String[] args) {
        int walks = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int capacity = args.length > 1 ? Integer.parseInt(args[1]) : LeafBatch.DEFAULT_CAPACITY;
        // "count": a consumer that only counts events, small enough that C2 always inlines it.
        boolean countOnly = args.length > 2 && args[2].equals("count");
        LargestImage image = LargestImage.find();
        PhysicalMemory mem = image.memory();
        long[] roots = image.roots();
        TreeWalker walker = Engine.GENERATED.create(null);
        BatchSum sum = new BatchSum();
        EventCount count = new EventCount();
        LeafBatch batch = new LeafBatch(capacity, countOnly ? count : sum);
        double[] ms = new double[walks];
        long expected = 0;
        for (int r = 0; r < walks; r++) {
            sum.reset();
            count.events = 0;
            long t0 = System.nanoTime();
            walker.walkBatched(mem, roots, 0, -1L, batch);
            ms[r] = (System.nanoTime() - t0) / 1e6;
            long got = countOnly ? count.events : sum.sum();
            if (r == 0) {
                expected = got;
            } else if (got != expected) {
                throw new IllegalStateException("walk " + r + " summed differently");
            }
        }
        StringBuilder tenths = new StringBuilder();
        int tenth = Math.max(1, walks / 10);
        for (int from = 0; from + tenth <= walks; from += tenth) {
            tenths.append(String.format(" %.3f", median(Arrays.copyOfRange(ms, from, from + tenth))));
        }
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        System.out.printf("image batched, %d leaves, %d walks in batches of %d (ms): best %.3f, median of the last half %.3f;"
                + " medians by tenth%s%n", sum.leaves(), walks, capacity, sorted[0],
                median(Arrays.copyOfRange(ms, walks / 2, walks)), tenths);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
