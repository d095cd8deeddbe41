package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A walk of one range by several threads in which each piece of the range gets a visitor of
 * its own, and the finished visitors come back to the calling thread in address order. This
 * is the form for work that is costly per leaf and must come out in order, such as formatting
 * a listing: each thread formats its pieces into their own visitors, and the caller only
 * writes them out one after the other. (A {@link ParallelWalk} in order hands every event to
 * one visitor on the calling thread, which leaves that work on one thread.)
 *
 * <p>The range is cut as {@link ParallelWalk} cuts it, where populated tables begin ({@link
 * RangeSplit}), into pieces of at most {@value #TABLES_PER_PIECE} tables, published as they
 * are found; the threads take them in address order. The calling thread cuts, then walks
 * pieces too and, between them, hands back the visitors of finished pieces in order; the
 * other threads are helpers of the process-wide {@link WalkCrew}. Visitors of finished pieces
 * wait for their turn, but no more than {@value #AHEAD_PER_THREAD} pieces per thread are
 * walked ahead of the one due: what they hold stays bounded however large the range. The
 * walks of the pieces together deliver exactly the leaves, holes and faults of one walk of
 * the range, each to the visitor of the piece it lies in ({@code pre} and {@code post} of the
 * tables above a piece come to every piece that descends through them). Walkers are
 * thread-safe; nobody may change the tables meanwhile.
 */
public final class PieceWalk {

    /** Tables a piece holds at most: enough that a piece costs more to walk than to start. */
    static final int TABLES_PER_PIECE = 32;
    /**
     * Finished or started pieces, per thread, that may wait for their turn. With four, a helper
     * formatting a listing of the large benchmark tree waited for a place more than half the
     * time while the calling thread walked a piece of its own; with eight, a tenth.
     */
    static final int AHEAD_PER_THREAD = 8;

    /** Makes the visitor of a piece and takes it back, finished, in address order. */
    public interface Pieces<V extends WalkVisitor> {

        /** The visitor for piece {@code first..last}; called on the thread that walks it. */
        V open(long first, long last);

        /**
         * The visitor of piece {@code first..last}, after its walk, on the calling thread, in
         * address order. Return false to stop the walk: no later piece is then closed.
         */
        boolean close(V visitor, long first, long last);
    }

    private final TreeWalker walker;
    private final int threads;

    /** Walks with {@code walker} on {@code threads} threads (at least 1), the calling thread among them. */
    public PieceWalk(TreeWalker walker, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a walk needs at least one thread, not " + threads);
        }
        this.walker = walker;
        this.threads = threads;
    }

    /**
     * Walks {@code first..last} (inclusive, unsigned) piece by piece, each piece into
     * {@code pieces.open(...)}, and passes each finished visitor to {@code pieces.close} on this
     * thread in address order. Returns false if {@code close} stopped the walk. An exception of
     * the walker, of {@code open}, of a visitor or of {@code close} is rethrown here once every
     * thread has ended; pieces not yet closed are then never closed.
     */
    public <V extends WalkVisitor> boolean walk(PhysicalMemory mem, long[] roots, long first, long last, Pieces<V> pieces) {
        return new Run<>(mem, roots, first, last, pieces).run();
    }

    /** One walk: the pieces, the visitors waiting for their turn, and who waits for whom. */
    private final class Run<V extends WalkVisitor> {
        private final PhysicalMemory mem;
        private final long[] roots;
        private final long first;
        private final long last;
        private final Pieces<V> pieces;
        private final PieceFeed feed;
        /** One permit per piece that may be taken before the one due is closed. */
        private final Semaphore ahead = new Semaphore(AHEAD_PER_THREAD * threads);
        private final ConcurrentHashMap<Integer, V> finished = new ConcurrentHashMap<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition pieceDone = lock.newCondition();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        /** Pieces closed so far; only the caller reads or writes it. */
        private int closed;

        Run(PhysicalMemory mem, long[] roots, long first, long last, Pieces<V> pieces) {
            this.mem = mem;
            this.roots = roots;
            this.first = first;
            this.last = last;
            this.pieces = pieces;
            this.feed = new PieceFeed(first, last);
        }

        boolean run() {
            List<Runnable> work = new ArrayList<>();
            work.add(this::lead);
            for (int t = 1; t < threads; t++) {
                work.add(this::help);
            }
            WalkCrew.runAll(work);
            WalkCrew.rethrow(failure.get());
            return !stop.get();
        }

        /**
         * The caller's part: cuts the range, then closes what is due and walks a piece whenever
         * one may be taken, so it finishes the walk alone if no helper ever starts. It waits
         * only for the piece due, which a thread that has taken it is walking.
         */
        private void lead() {
            try {
                RangeSplit.cut(walker, mem, roots, first, last, TABLES_PER_PIECE, feed);
            } catch (Throwable e) {
                fail(e);
            }
            boolean more = true;
            while (!stop.get()) {
                closeFinished();
                if (stop.get()) {
                    break;
                }
                if (more && ahead.tryAcquire()) {
                    int k = feed.take();
                    if (k < 0) {
                        ahead.release();
                        more = false;
                    } else {
                        walkPiece(k);
                    }
                    continue;
                }
                // Every piece taken that is still due is being walked by a thread; wait for the next.
                if (closed == feed.count() && !more) {
                    break;
                }
                awaitDue();
            }
        }

        /** A helper's part: takes pieces in order, never more than allowed ahead of the one due. */
        private void help() {
            while (!stop.get()) {
                ahead.acquireUninterruptibly();
                int k = stop.get() ? -1 : feed.take();
                if (k < 0) {
                    ahead.release();
                    return;
                }
                walkPiece(k);
            }
        }

        private void walkPiece(int k) {
            long from = feed.first(k);
            long to = feed.last(k);
            try {
                V visitor = pieces.open(from, to);
                if (!stop.get()) {
                    walker.walk(mem, roots, from, to, visitor);
                }
                finished.put(k, visitor);
            } catch (Throwable e) {
                fail(e);
            } finally {
                lock.lock();
                try {
                    pieceDone.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** Closes the finished pieces that are due, in order; each frees a place ahead. */
        private void closeFinished() {
            V visitor;
            while (!stop.get() && (visitor = finished.remove(closed)) != null) {
                int k = closed++;
                try {
                    if (!pieces.close(visitor, feed.first(k), feed.last(k))) {
                        halt();
                    }
                } catch (Throwable e) {
                    fail(e);
                }
                ahead.release();
            }
        }

        private void awaitDue() {
            lock.lock();
            try {
                while (!stop.get() && !finished.containsKey(closed)) {
                    pieceDone.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }

        private void fail(Throwable e) {
            failure.compareAndSet(null, e);
            halt();
        }

        /** Stops every thread: those waiting for a place ahead or for a piece wake and end. */
        private void halt() {
            stop.set(true);
            ahead.release(threads);
            lock.lock();
            try {
                pieceDone.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
