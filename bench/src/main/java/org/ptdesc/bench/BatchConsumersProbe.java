package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.runtime.EntryRun;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.RunVisitor;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * What filling a batch costs, and what a second consumer class does to a batched walk: in one
 * JVM, rounds of the generated batched walk of an x86-64 benchmark tree with a consumer that only
 * counts the events, the same walk with {@link BatchSum}, and the per-leaf walk with
 * {@link LeafSum}; prints the medians and checks that the two sums agree. With {@code sumonly},
 * the counting walk is left out, so that {@code LeafBatch}'s call of its consumer sees one class
 * only (bench/RESULTS.md, "A hazard of the batched walk"). With {@code runs}, both consumers
 * take the page tables undecoded ({@link RunSum}, and a consumer that counts entries).
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.ptdesc.bench.BatchConsumersProbe [small|large [rounds [sumonly|runs|runs,sumonly]]]} from the repository
 * root (the large tree and 40 rounds unless told).
 */
public final class BatchConsumersProbe {

    private BatchConsumersProbe() {}

    /** The counting consumer for {@code runs}: counts the events of batches and the entries of runs. */
    private static final class RunCount implements RunVisitor {
        long entries;

        @Override
        public boolean accept(LeafBatch b) {
            entries += b.size();
            return true;
        }

        @Override
        public boolean acceptRun(EntryRun run) {
            entries += run.count();
            return true;
        }
    }

    public static void main(String[] args) {
        X86TreeImage image = X86TreeImage.named(args.length > 0 ? args[0] : "large");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean sumOnly = args.length > 2 && args[2].contains("sumonly");
        boolean runs = args.length > 2 && args[2].contains("runs");
        TreeWalker walker = Engine.GENERATED.create(image.segment());
        PhysicalMemory mem = image.memory();
        long[] roots = {image.cr3()};
        EventCount count = new EventCount();
        BatchSum sum = runs ? new RunSum() : new BatchSum();
        LeafBatch counted = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, runs ? new RunCount() : count);
        LeafBatch summed = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, sum);
        LeafSum perLeaf = new LeafSum();
        long[][] nanos = new long[3][rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            if (!sumOnly) {
                walker.walkBatched(mem, roots, 0, X86Info.LOW_LAST, counted);
            }
            long t1 = System.nanoTime();
            sum.reset();
            walker.walkBatched(mem, roots, 0, X86Info.LOW_LAST, summed);
            long t2 = System.nanoTime();
            perLeaf.reset();
            walker.walk(mem, roots, 0, X86Info.LOW_LAST, perLeaf);
            long t3 = System.nanoTime();
            if (sum.sum() != perLeaf.sum()) {
                throw new IllegalStateException("the batched walk's sum differs from the per-leaf walk's");
            }
            nanos[0][r] = t1 - t0;
            nanos[1][r] = t2 - t1;
            nanos[2][r] = t3 - t2;
        }
        System.out.printf("batched, consumer only counts %s; batched, " + sum.getClass().getSimpleName() + " %.2f ms; per leaf, LeafSum inlined %.2f ms (medians of %d)%n",
                sumOnly ? "not run" : String.format("%.2f ms", median(nanos[0]) / 1e6), median(nanos[1]) / 1e6,
                median(nanos[2]) / 1e6, rounds);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
