package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * A cross-check of {@link BatchedWalkBenchmark} for a loaded machine: in one JVM, rounds of the
 * generated per-leaf walk ({@link LeafSum}), the generated batched walk ({@link BatchSum}) and the
 * hand-written per-leaf walk alternate (and, for comparison, the hand-written walk filling a
 * batch through its visitor calls), so that load from other processes falls on all alike;
 * prints the medians and the median of the per-round ratios. The sums are checked equal.
 *
 * <p>{@code mono}: every walk of the generated per-leaf form has seen only {@link LeafSum}, so
 * C2 inlines it into the level methods (the best case of a per-leaf visitor). {@code poly}:
 * before measuring, the per-leaf walks (generated and hand-written) are warmed with three
 * other visitor classes, as in a program that walks with several visitors (a CLI's printers,
 * {@code ParallelWalk}'s cutting): the call per leaf is then a real interface call.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.ptdesc.bench.BatchedWalkProbe small|large mono|poly [rounds [nohandbatch]]} from the repository root
 * ({@code nohandbatch}: without the hand-written walk into a batch, so that {@link BatchSum} and
 * the batch's accessors see only the generated walker's batches).
 */
public final class BatchedWalkProbe {

    private BatchedWalkProbe() {}

    public static void main(String[] args) {
        String tree = args.length > 0 ? args[0] : "large";
        boolean poly = args.length > 1 && args[1].equals("poly");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 21;
        // Without the hand-written walk into a batch, BatchSum sees only the generated walker's batches.
        boolean handBatched = !(args.length > 3 && args[3].equals("nohandbatch"));
        X86TreeImage image = X86TreeImage.named(tree);
        PhysicalMemory mem = image.memory();
        long cr3 = image.cr3();
        TreeWalker generated = Engine.GENERATED.create(image.segment());
        TreeWalker hand = Engine.HAND_WRITTEN.create(image.segment());
        if (poly) {
            OtherVisitors.pollute(generated, mem, cr3, 0, X86Info.LOW_LAST);
            OtherVisitors.pollute(hand, mem, cr3, 0, X86Info.LOW_LAST);
        }
        LeafSum perLeaf = new LeafSum();
        BatchSum batchSum = new BatchSum();
        LeafBatch batch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, batchSum);
        double[] tPerLeaf = new double[rounds];
        double[] tBatched = new double[rounds];
        double[] tHand = new double[rounds];
        double[] tHandBatched = new double[rounds];
        double[] ratio = new double[rounds];
        double[] toHand = new double[rounds];
        BatchSum handBatchSum = new BatchSum();
        LeafBatch handBatch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, handBatchSum);
        for (int r = -15; r < rounds; r++) {
            perLeaf.reset();
            long t0 = System.nanoTime();
            generated.walk(mem, cr3, 0, X86Info.LOW_LAST, perLeaf);
            long t1 = System.nanoTime();
            batchSum.reset();
            generated.walkBatched(mem, cr3, 0, X86Info.LOW_LAST, batch);
            long t2 = System.nanoTime();
            long generatedSum = perLeaf.sum();
            perLeaf.reset();
            hand.walk(mem, cr3, 0, X86Info.LOW_LAST, perLeaf);
            long t3 = System.nanoTime();
            handBatchSum.reset();
            if (handBatched) {
                handBatch.start();
                hand.walk(mem, cr3, 0, X86Info.LOW_LAST, handBatch);
                handBatch.finish();
            }
            long t4 = System.nanoTime();
            if (generatedSum != batchSum.sum() || generatedSum != perLeaf.sum() || (handBatched && generatedSum != handBatchSum.sum())) {
                throw new IllegalStateException("the walks' sums differ");
            }
            if (r >= 0) {
                tPerLeaf[r] = (t1 - t0) / 1e6;
                tBatched[r] = (t2 - t1) / 1e6;
                tHand[r] = (t3 - t2) / 1e6;
                tHandBatched[r] = (t4 - t3) / 1e6;
                ratio[r] = tPerLeaf[r] / tBatched[r];
                toHand[r] = tPerLeaf[r] / tHand[r];
            }
        }
        System.out.printf("%s %s, %d leaves, %d rounds (medians, ms): generated per-leaf %.3f, generated batched %.3f,"
                + " hand-written per-leaf %.3f, hand-written into a batch %.3f; per-leaf / batched %.2f;"
                + " generated / hand-written per-leaf %.2f%n", tree,
                poly ? "poly" : "mono", batchSum.leaves(), rounds, median(tPerLeaf), median(tBatched), median(tHand),
                median(tHandBatched), median(ratio), median(toHand));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
