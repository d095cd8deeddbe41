package org.ptdesc.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.ParallelWalk;
import org.ptdesc.runtime.PieceWalk;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The walk forms of issue 15 side by side, each a walk of the whole lower half that sums the
 * six values of every leaf: the generated walker with a per-leaf {@link LeafSum}
 * ({@link #perLeaf}), the hand-written Java walker with the same visitor ({@link #handWritten}),
 * the generated batched walk with {@link BatchSum} ({@link #batched}), and {@link ParallelWalk}
 * on {@code threads} threads, per thread (batched, {@link #parallelPerThread}, and per leaf
 * with a {@link LeafSum} per thread, {@link #parallelPerThreadVisitors}) and in address order
 * ({@link #parallelInOrder}). The per-leaf walks run twice: with the one visitor class the JIT
 * inlines into the walk, and ({@code ...Polluted}) after walks with three other visitor classes,
 * so that the call per leaf is a real interface call, as in a program that walks with several. The C baselines are {@code bench/c/walk.c}, run beside this.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BatchedWalkBenchmark {

    @Param({"small", "large"})
    public String tree;

    @Param({"2"})
    public int threads;

    private TreeWalker generated;
    private TreeWalker handWritten;
    private PhysicalMemory memory;
    private long cr3;
    private final LeafSum leafSum = new LeafSum();
    private final BatchSum batchSum = new BatchSum();
    private LeafBatch batch;
    private ParallelWalk parallel;
    private BatchSum[] perThread;
    private LeafSum[] perThreadLeaves;
    private final RunSum runSum = new RunSum();
    private LeafBatch runBatch;
    private RunSum[] perThreadRuns;
    private PieceWalk pieceWalk;
    private final PieceSums pieceSums = new PieceSums();

    @Setup
    public void setUp() {
        X86TreeImage image = X86TreeImage.named(tree);
        generated = Engine.GENERATED.create(image.segment());
        handWritten = Engine.HAND_WRITTEN.create(image.segment());
        memory = image.memory();
        cr3 = image.cr3();
        batch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, batchSum);
        parallel = new ParallelWalk(generated, threads);
        perThread = new BatchSum[threads];
        perThreadLeaves = new LeafSum[threads];
        runBatch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, runSum);
        perThreadRuns = new RunSum[threads];
        pieceWalk = new PieceWalk(generated, threads);
        for (int t = 0; t < threads; t++) {
            perThread[t] = new BatchSum();
            perThreadLeaves[t] = new LeafSum();
            perThreadRuns[t] = new RunSum();
        }
    }

    /** The generated walk with a per-leaf visitor. */
    @Benchmark
    public long perLeaf() {
        leafSum.reset();
        generated.walk(memory, cr3, 0, X86Info.LOW_LAST, leafSum);
        return leafSum.sum();
    }

    /** The hand-written Java walk with the same per-leaf visitor. */
    @Benchmark
    public long handWritten() {
        leafSum.reset();
        handWritten.walk(memory, cr3, 0, X86Info.LOW_LAST, leafSum);
        return leafSum.sum();
    }

    /** The per-leaf walks of a program that walks with several visitor classes. */
    @State(Scope.Thread)
    public static class Polluted {
        /** Before measuring, the walkers were used with three other visitor classes. */
        @Setup
        public void setUp(BatchedWalkBenchmark b) {
            OtherVisitors.pollute(b.generated, b.memory, b.cr3, 0, X86Info.LOW_LAST);
            OtherVisitors.pollute(b.handWritten, b.memory, b.cr3, 0, X86Info.LOW_LAST);
        }
    }

    /** The generated walk with a per-leaf visitor whose call the JIT cannot inline ({@link OtherVisitors}). */
    @Benchmark
    public long perLeafPolluted(Polluted polluted) {
        return perLeaf();
    }

    /** The hand-written walk with a per-leaf visitor whose call the JIT cannot inline. */
    @Benchmark
    public long handWrittenPolluted(Polluted polluted) {
        return handWritten();
    }

    /** The generated batched walk, summing each batch in one loop. */
    @Benchmark
    public long batched() {
        batchSum.reset();
        generated.walkBatched(memory, cr3, 0, X86Info.LOW_LAST, batch);
        return batchSum.sum();
    }

    /** The batched walk on {@code threads} threads, one sum per thread, added up after. */
    @Benchmark
    public long parallelPerThread() {
        for (BatchSum s : perThread) {
            s.reset();
        }
        parallel.perThread(memory, new long[] {cr3}, 0, X86Info.LOW_LAST, t -> perThread[t]);
        long sum = 0;
        for (BatchSum s : perThread) {
            sum += s.sum();
        }
        return sum;
    }

    /** The per-leaf walk on {@code threads} threads, one {@link LeafSum} per thread, added up after. */
    @Benchmark
    public long parallelPerThreadVisitors() {
        for (LeafSum s : perThreadLeaves) {
            s.reset();
        }
        parallel.perThreadVisitors(memory, new long[] {cr3}, 0, X86Info.LOW_LAST, t -> perThreadLeaves[t]);
        long sum = 0;
        for (LeafSum s : perThreadLeaves) {
            sum += s.sum();
        }
        return sum;
    }

    /** The batched walk on {@code threads} threads, every batch summed on this thread in address order. */
    @Benchmark
    public long parallelInOrder() {
        batchSum.reset();
        parallel.inOrder(memory, new long[] {cr3}, 0, X86Info.LOW_LAST, batchSum);
        return batchSum.sum();
    }

    /** The generated batched walk with a consumer that takes the page tables undecoded ({@link RunSum}). */
    @Benchmark
    public long batchedRuns() {
        runSum.reset();
        generated.walkBatched(memory, cr3, 0, X86Info.LOW_LAST, runBatch);
        return runSum.sum();
    }

    /** {@link #batchedRuns} on {@code threads} threads, one {@link RunSum} per thread, added up after. */
    @Benchmark
    public long parallelPerThreadRuns() {
        for (RunSum s : perThreadRuns) {
            s.reset();
        }
        parallel.perThread(memory, new long[] {cr3}, 0, X86Info.LOW_LAST, t -> perThreadRuns[t]);
        long sum = 0;
        for (RunSum s : perThreadRuns) {
            sum += s.sum();
        }
        return sum;
    }

    /**
     * The per-leaf walk on {@code threads} threads with a {@link LeafSum} per piece, each made
     * on the thread that walks the piece and handed back to this thread in address order
     * ({@link PieceWalk}): the in-order form whose per-leaf work runs on every thread.
     */
    @Benchmark
    public long parallelPieces() {
        pieceSums.total = 0;
        pieceWalk.walk(memory, new long[] {cr3}, 0, X86Info.LOW_LAST, pieceSums);
        return pieceSums.total;
    }
}
