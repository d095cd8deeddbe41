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
 * The parallel walk on the largest bundled image, {@code samples/images/x86_64-4l-nokaslr-user}
 * (76 943 leaves, 2 205 tables, a QEMU dump of a Linux guest): the whole 64-bit range walked
 * by the generated x86-64 walker, per leaf with {@link LeafSum} ({@link #perLeaf}), batched on
 * one thread ({@link #batched}) and by {@link ParallelWalk} on {@code threads} threads, per
 * thread (batched, and per leaf with a {@link LeafSum} per thread) and in address order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ImageWalkBenchmark {

    @Param({"2"})
    public int threads;

    private TreeWalker walker;
    private PhysicalMemory memory;
    private long[] roots;
    private final BatchSum sum = new BatchSum();
    private final LeafSum leafSum = new LeafSum();
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
        LargestImage image = LargestImage.find();
        memory = image.memory();
        roots = image.roots();
        walker = Engine.GENERATED.create(null);
        batch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, sum);
        parallel = new ParallelWalk(walker, threads);
        perThread = new BatchSum[threads];
        perThreadLeaves = new LeafSum[threads];
        runBatch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, runSum);
        perThreadRuns = new RunSum[threads];
        pieceWalk = new PieceWalk(walker, threads);
        for (int t = 0; t < threads; t++) {
            perThread[t] = new BatchSum();
            perThreadLeaves[t] = new LeafSum();
            perThreadRuns[t] = new RunSum();
        }
    }

    @Benchmark
    public long perLeaf() {
        leafSum.reset();
        walker.walk(memory, roots, 0, -1L, leafSum);
        return leafSum.sum();
    }

    @Benchmark
    public long batched() {
        sum.reset();
        walker.walkBatched(memory, roots, 0, -1L, batch);
        return sum.sum();
    }

    @Benchmark
    public long parallelPerThread() {
        for (BatchSum s : perThread) {
            s.reset();
        }
        parallel.perThread(memory, roots, 0, -1L, t -> perThread[t]);
        long total = 0;
        for (BatchSum s : perThread) {
            total += s.sum();
        }
        return total;
    }

    @Benchmark
    public long parallelPerThreadVisitors() {
        for (LeafSum s : perThreadLeaves) {
            s.reset();
        }
        parallel.perThreadVisitors(memory, roots, 0, -1L, t -> perThreadLeaves[t]);
        long total = 0;
        for (LeafSum s : perThreadLeaves) {
            total += s.sum();
        }
        return total;
    }

    @Benchmark
    public long parallelInOrder() {
        sum.reset();
        parallel.inOrder(memory, roots, 0, -1L, sum);
        return sum.sum();
    }

    /** The batched walk with a consumer that takes the page tables undecoded ({@link RunSum}). */
    @Benchmark
    public long batchedRuns() {
        runSum.reset();
        walker.walkBatched(memory, roots, 0, -1L, runBatch);
        return runSum.sum();
    }

    /** {@link #batchedRuns} on {@code threads} threads, one {@link RunSum} per thread. */
    @Benchmark
    public long parallelPerThreadRuns() {
        for (RunSum s : perThreadRuns) {
            s.reset();
        }
        parallel.perThread(memory, roots, 0, -1L, t -> perThreadRuns[t]);
        long total = 0;
        for (RunSum s : perThreadRuns) {
            total += s.sum();
        }
        return total;
    }

    /**
     * The per-leaf walk on {@code threads} threads with a {@link LeafSum} per piece, each made
     * on the thread that walks the piece and handed back to this thread in address order
     * ({@link PieceWalk}): the in-order form whose per-leaf work runs on every thread.
     */
    @Benchmark
    public long parallelPieces() {
        pieceSums.total = 0;
        pieceWalk.walk(memory, roots, 0, -1L, pieceSums);
        return pieceSums.total;
    }
}
