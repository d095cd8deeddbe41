package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.ParallelWalk;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * A cross-check of {@link BatchedWalkBenchmark} and {@link ImageWalkBenchmark} for a loaded
 * machine: in one JVM, rounds of a batched walk on one thread and a {@link ParallelWalk} on 2
 * threads of the same range alternate, so that load from other processes falls on both alike;
 * prints the medians, the time {@link ParallelWalk#pieces} takes to cut the range alone (the
 * parallel walk cuts while its helper walks the first pieces) and the median of the per-round
 * speed-ups. The parallel walk is {@link ParallelWalk#perThread} (one {@link BatchSum} per
 * thread, added up) or, with {@code inorder}, {@link ParallelWalk#inOrder} (every batch to one
 * {@code BatchSum} on the calling thread, the visitor of the one-thread walk). Every leaf is
 * summed; the sums are checked equal.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.ptdesc.bench.ParallelWalkProbe large|image [rounds [perthread|inorder [warm-up rounds]]]} from the
 * repository root (10 rounds of warm-up unless told: enough for the per-thread walk, but the
 * in-order walk's own code is then still being compiled, on a core the walk wants).
 */
public final class ParallelWalkProbe {

    private ParallelWalkProbe() {}

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "image";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        boolean inOrder = args.length > 2 && args[2].equals("inorder");
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        PhysicalMemory mem;
        long[] roots;
        long last;
        if (what.equals("image")) {
            LargestImage image = LargestImage.find();
            mem = image.memory();
            roots = image.roots();
            last = -1L;
        } else {
            X86TreeImage image = X86TreeImage.named(what);
            mem = image.memory();
            roots = new long[] {image.cr3()};
            last = 0x7fff_ffff_ffffL;
        }
        TreeWalker walker = Engine.GENERATED.create(null);
        BatchSum one = new BatchSum();
        LeafBatch batch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, one);
        ParallelWalk parallel = new ParallelWalk(walker, 2);
        BatchSum[] two = {new BatchSum(), new BatchSum()};
        double[] single = new double[rounds];
        double[] split = new double[rounds];
        double[] speedup = new double[rounds];
        double[] cutting = new double[rounds];
        int pieces = 0;
        for (int r = -warmUp; r < rounds; r++) {
            one.reset();
            long t0 = System.nanoTime();
            walker.walkBatched(mem, roots, 0, last, batch);
            long t1 = System.nanoTime();
            two[0].reset();
            two[1].reset();
            if (inOrder) {
                parallel.inOrder(mem, roots, 0, last, two[0]);
            } else {
                parallel.perThread(mem, roots, 0, last, t -> two[t]);
            }
            long t2 = System.nanoTime();
            pieces = parallel.pieces(mem, roots, 0, last).size();
            long t3 = System.nanoTime();
            if (one.sum() != two[0].sum() + two[1].sum() || one.leaves() != two[0].leaves() + two[1].leaves()) {
                throw new IllegalStateException("the parallel walk's sum differs from the single thread's");
            }
            if (r >= 0) {
                single[r] = (t1 - t0) / 1e6;
                split[r] = (t2 - t1) / 1e6;
                speedup[r] = single[r] / split[r];
                cutting[r] = (t3 - t2) / 1e6;
            }
        }
        System.out.printf("%s, %d leaves, %d rounds after %d of warm-up (medians): batched on 1 thread %.3f ms, ParallelWalk.%s"
                + " on 2 threads %.3f ms; cutting the range into %d pieces alone %.3f ms; speed-up %.2f%n", what,
                one.leaves(), rounds, warmUp, median(single), inOrder ? "inOrder" : "perThread", median(split), pieces,
                median(cutting), median(speedup));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
