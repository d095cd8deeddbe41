package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A batched walk ({@link TreeWalker#walkBatched}) of one range by several threads. The range is
 * cut where populated tables begin ({@link RangeSplit}, about {@value #PIECES_PER_THREAD} pieces
 * per thread so that threads that finish early take more), and the threads take the pieces in
 * address order. The caller chooses how the events come back: {@link #inOrder} delivers every
 * batch to one visitor on the calling thread, in address order, exactly the events a one-thread
 * batched walk delivers (only the cuts between batches differ); {@link #perThread} gives each
 * thread its own visitor, which sees whole pieces in address order, for work that can be merged
 * afterwards (sums, counts). Batches travel between threads through bounded queues of batches
 * allocated once per walk, so a walk allocates nothing per leaf. Walkers are thread-safe, so
 * any walker can be walked in parallel, as long as nobody changes the tables meanwhile.
 */
public final class ParallelWalk {

    /** Pieces per thread: enough for threads that finish early to take work from the others. */
    static final int PIECES_PER_THREAD = 8;
    /** Batches each thread may have filled and waiting for the caller in {@link #inOrder}. */
    private static final int BATCHES_AHEAD = 16;

    private final TreeWalker walker;
    private final int threads;
    private final int capacity;
    /** Spare batches of finished {@link #inOrder} walks, for the next: a walk allocates them once. */
    private final ConcurrentLinkedQueue<BlockingQueue<LeafBatch>> idleSpares = new ConcurrentLinkedQueue<>();

    /** Walks with {@code walker} on {@code threads} threads (at least 1), in batches of {@link LeafBatch#DEFAULT_CAPACITY}. */
    public ParallelWalk(TreeWalker walker, int threads) {
        this(walker, threads, LeafBatch.DEFAULT_CAPACITY);
    }

    /** As {@link #ParallelWalk(TreeWalker, int)}, in batches of {@code capacity} events. */
    public ParallelWalk(TreeWalker walker, int threads, int capacity) {
        if (threads < 1) {
            throw new IllegalArgumentException("a walk needs at least one thread, not " + threads);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("a batch holds at least one event, not " + capacity);
        }
        this.walker = walker;
        this.threads = threads;
        this.capacity = capacity;
    }

    /**
     * The pieces, {@code {first, last}} in address order, that this walk cuts {@code first..last}
     * into: they cover the range without gaps, and each is walked whole by one thread.
     */
    public List<long[]> pieces(PhysicalMemory mem, long[] roots, long first, long last) {
        return RangeSplit.of(walker, mem, roots, first, last, threads * PIECES_PER_THREAD);
    }

    /**
     * Walks {@code first..last} (inclusive, unsigned) and delivers the leaves, holes and faults
     * to {@code visitor} on this thread, in address order. Returns false if the visitor
     * stopped the walk; an exception of the walker or the visitor is rethrown here, after
     * every thread has ended.
     */
    public boolean inOrder(PhysicalMemory mem, long[] roots, long first, long last, BatchVisitor visitor) {
        List<long[]> pieces = pieces(mem, roots, first, last);
        if (threads == 1 || pieces.size() == 1) {
            LeafBatch batch = new LeafBatch(capacity, visitor);
            walker.walkBatched(mem, roots, first, last, batch);
            return !batch.stopped();
        }
        return new Ordered(mem, roots, pieces).run(visitor);
    }

    /**
     * Walks {@code first..last} (inclusive, unsigned) with one visitor per thread,
     * {@code visitors.apply(t)} for thread {@code t} (called on this thread before any walk
     * starts); each visitor receives whole pieces of the range, in increasing address order.
     * Returns false if a visitor stopped the walk (the others stop at their next batch).
     */
    public boolean perThread(PhysicalMemory mem, long[] roots, long first, long last, IntFunction<BatchVisitor> visitors) {
        List<long[]> pieces = pieces(mem, roots, first, last);
        int n = Math.min(threads, pieces.size());
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Runnable> work = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            BatchVisitor v = visitors.apply(t);
            LeafBatch batch = new LeafBatch(capacity, b -> {
                if (stop.get() || !v.accept(b)) {
                    stop.set(true);
                    return false;
                }
                return true;
            });
            work.add(() -> {
                for (int k; !stop.get() && (k = next.getAndIncrement()) < pieces.size(); ) {
                    walker.walkBatched(mem, roots, pieces.get(k)[0], pieces.get(k)[1], batch);
                }
            });
        }
        runAll(work);
        return !stop.get();
    }

    /** Runs the first task on this thread and the others on their own, and waits for all. */
    private static void runAll(List<Runnable> work) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 1; t < work.size(); t++) {
            Runnable r = work.get(t);
            started.add(Thread.ofPlatform().name("ptdesc-walk-" + t).daemon().start(() -> {
                try {
                    r.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        try {
            work.getFirst().run();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        joinAll(started);
        rethrow(failure.get());
    }

    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (true) {
                try {
                    t.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rethrow(Throwable failure) {
        switch (failure) {
            case null -> {}
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure);
        }
    }

    /**
     * One {@link #inOrder} walk. Each piece has a queue; the thread walking it copies every full
     * batch into one of its own spare batches and queues that, then an end mark. The caller
     * drains the queues in piece order and gives each spare back to its thread. A thread's
     * spares are only ever queued for its current piece or for pieces before it, so the
     * thread walking the piece the caller waits for always gets its spares back: no deadlock.
     * After a stop or an exception every piece still gets its end mark (the threads take the
     * rest of the pieces without walking them) and the caller keeps giving spares back, so
     * every thread ends.
     */
    private final class Ordered {
        private final PhysicalMemory mem;
        private final long[] roots;
        private final List<long[]> pieces;
        private final List<BlockingQueue<LeafBatch>> queues = new ArrayList<>();
        private final AtomicReferenceArray<BlockingQueue<LeafBatch>> owners;
        private final LeafBatch end = new LeafBatch(1, b -> true);
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final List<BlockingQueue<LeafBatch>> spareSetsToReturn = java.util.Collections.synchronizedList(new ArrayList<>());

        Ordered(PhysicalMemory mem, long[] roots, List<long[]> pieces) {
            this.mem = mem;
            this.roots = roots;
            this.pieces = pieces;
            for (int k = 0; k < pieces.size(); k++) {
                queues.add(new ArrayBlockingQueue<>(BATCHES_AHEAD + 1));
            }
            owners = new AtomicReferenceArray<>(pieces.size());
        }

        boolean run(BatchVisitor visitor) {
            List<Runnable> work = new ArrayList<>();
            work.add(() -> deliver(visitor));
            for (int t = 0; t < Math.min(threads, pieces.size()); t++) {
                work.add(this::walkPieces);
            }
            runAll(work);
            // All threads have ended and the caller has given every spare back.
            idleSpares.addAll(spareSetsToReturn);
            rethrow(failure.get());
            return !stop.get();
        }

        /** The caller's side: every piece's batches in order; after a stop, only gives spares back. */
        private void deliver(BatchVisitor visitor) {
            for (int k = 0; k < pieces.size(); k++) {
                for (LeafBatch b; (b = take(queues.get(k))) != end; ) {
                    if (!stop.get()) {
                        try {
                            if (!visitor.accept(b)) {
                                stop.set(true);
                            }
                        } catch (Throwable e) {
                            fail(e);
                        }
                    }
                    owners.get(k).add(b);
                }
            }
        }

        /** A walking thread: takes pieces in order, walks them and queues copies of its batches. */
        private void walkPieces() {
            BlockingQueue<LeafBatch> idle = idleSpares.poll();
            BlockingQueue<LeafBatch> spares = idle != null ? idle : new ArrayBlockingQueue<>(BATCHES_AHEAD);
            while (idle == null && spares.remainingCapacity() > 0) {
                spares.add(new LeafBatch(capacity, b -> true));
            }
            int[] current = new int[1];
            LeafBatch filling = new LeafBatch(capacity, full -> {
                if (stop.get()) {
                    return false;
                }
                LeafBatch copy = take(spares);
                copy.copyFrom(full);
                queues.get(current[0]).add(copy);
                return !stop.get();
            });
            for (int k; (k = next.getAndIncrement()) < pieces.size(); ) {
                owners.set(k, spares);
                current[0] = k;
                try {
                    if (!stop.get()) {
                        walker.walkBatched(mem, roots, pieces.get(k)[0], pieces.get(k)[1], filling);
                    }
                } catch (Throwable e) {
                    fail(e);
                } finally {
                    queues.get(k).add(end);
                }
            }
            // Every spare comes back once the caller has drained this thread's last piece.
            spareSetsToReturn.add(spares);
        }

        private void fail(Throwable e) {
            failure.compareAndSet(null, e);
            stop.set(true);
        }
    }

    /** {@code queue.take()}, waiting through interrupts (the walk's threads must all end) and keeping the flag. */
    private static LeafBatch take(BlockingQueue<LeafBatch> queue) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return queue.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
