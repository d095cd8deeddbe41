package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A walk of one range by several threads, batched ({@link TreeWalker#walkBatched}) or per leaf
 * ({@link #perThreadVisitors}). The calling
 * thread cuts the range where populated tables begin ({@link RangeSplit}, with
 * {@link TreeWalker#walkApart}) into many pieces of
 * a few tens of tables, so that threads that finish early take more, and publishes each piece
 * as soon as it is found ({@link PieceFeed}): the other threads walk the first pieces while the
 * rest of the range is being cut. The threads take the pieces in address order. The calling
 * thread is one of them once it has cut the range; the others are helpers lent by a
 * process-wide crew of daemon threads ({@link WalkCrew}) that stay awake a millisecond after a
 * walk, for a walk that follows at once, then park, and end after
 * {@value WalkCrew#IDLE_SECONDS} idle seconds, so a walk starts no thread of its own when a
 * helper is idle and nothing is left running for long once the walks are over. The caller
 * chooses how the events come back: {@link #inOrder} delivers every batch to one visitor on
 * the calling thread, in address order, exactly the events a one-thread batched walk delivers
 * (only the cuts between batches differ); {@link #perThread} gives each thread its own batch
 * visitor, and {@link #perThreadVisitors} its own {@link WalkVisitor}, which see whole pieces
 * in address order, for work that can be merged afterwards (sums, counts). Batches travel between threads through bounded queues ({@link BatchQueue}) of
 * spare batches that a {@code ParallelWalk} keeps for its next walks, so a walk allocates
 * nothing per leaf. Walkers
 * are thread-safe, so any walker can be walked in parallel, as long as nobody changes the
 * tables meanwhile; one {@code ParallelWalk} may be used by several threads at once.
 */
public final class ParallelWalk {

    /**
     * Tables a piece of {@link #perThread} holds at most: a piece then costs much more to walk
     * than to start (a descent from the root, a part-filled batch), and the pieces of a large
     * tree are still many.
     */
    static final int TABLES_PER_PIECE = 64;
    /**
     * Tables a piece of {@link #inOrder} holds at most: fewer, so that a thread can walk a whole
     * piece ahead of the one due into its spare batches (below) instead of waiting for them.
     */
    static final int TABLES_PER_ORDERED_PIECE = 16;

    private final TreeWalker walker;
    private final int threads;
    private final int capacity;
    /**
     * Batches each thread may have filled and waiting for the caller in {@link #inOrder}: the
     * events of two pieces of {@value #TABLES_PER_ORDERED_PIECE} full tables (32 batches of 512
     * on x86-64), at least 16 and at most 256 batches (each piece has a queue that can hold them all).
     */
    private final int spareBatches;
    /** Spare batches of finished {@link #inOrder} walks, for the next: a walk allocates them once. */
    private final ConcurrentLinkedQueue<BatchQueue> idleSpares = new ConcurrentLinkedQueue<>();
    /**
     * The queues of pieces already delivered, for the pieces of this and later {@link #inOrder}
     * walks: each holds room for a thread's spares, so making one per piece allocated about a
     * byte per event on the large benchmark tree.
     */
    private final ConcurrentLinkedQueue<Slot> idleSlots = new ConcurrentLinkedQueue<>();

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
        int widest = walker.info().levels().stream().mapToInt(TreeInfo.LevelInfo::bits).max().orElse(9);
        long events = (long) 2 * TABLES_PER_ORDERED_PIECE << Math.min(widest, 20);
        this.spareBatches = (int) Math.clamp((events + capacity - 1) / capacity, 16, 256);
    }

    /**
     * The pieces, {@code {first, last}} in address order, that {@link #perThread} cuts
     * {@code first..last} into: they cover the range without gaps, and each is walked whole by
     * one thread. ({@link #inOrder} cuts the same way into smaller pieces.)
     */
    public List<long[]> pieces(PhysicalMemory mem, long[] roots, long first, long last) {
        return RangeSplit.of(walker, mem, roots, first, last, TABLES_PER_PIECE);
    }

    /**
     * Walks {@code first..last} (inclusive, unsigned) and delivers the leaves, holes and faults
     * to {@code visitor} on this thread, in address order. (This thread, which also delivers
     * everything, limits it: on 2 cores it was no faster than a one-thread batched walk on the
     * benchmarks; for costly work that must come in order, {@link PieceWalk}.) This thread cuts the range while
     * the helpers start on its first pieces, then walks too: a piece whose events are due next
     * it walks straight into the visitor, others into spare batches that it delivers when their
     * turn comes. Returns false if the visitor stopped the walk; an exception of the walker or
     * the visitor is rethrown here, after every thread has ended.
     */
    public boolean inOrder(PhysicalMemory mem, long[] roots, long first, long last, BatchVisitor visitor) {
        if (threads == 1) {
            LeafBatch batch = new LeafBatch(capacity, visitor);
            walker.walkBatched(mem, roots, first, last, batch);
            return !batch.stopped();
        }
        return new Ordered(mem, roots, new PieceFeed(first, last), first, last, visitor).run();
    }

    /**
     * Walks {@code first..last} (inclusive, unsigned) with one visitor per thread,
     * {@code visitors.apply(t)} for thread {@code t} (called on this thread before any walk
     * starts; thread 0 is this one, which first cuts the range while the others start on its
     * first pieces); each visitor receives whole pieces of the range, in increasing address
     * order, and a visitor whose thread found no piece left receives none. Returns false if a
     * visitor stopped the walk (the others stop at their next batch). As with
     * {@link #perThreadVisitors}, visitors that write a field per batch should not share a cache
     * line: on the large benchmark tree, padding the two sums took this walk from 16.0 to 11.9 ms.
     */
    public boolean perThread(PhysicalMemory mem, long[] roots, long first, long last, IntFunction<BatchVisitor> visitors) {
        AtomicBoolean stop = new AtomicBoolean();
        return eachThread(mem, roots, first, last, stop, t -> {
            BatchVisitor v = visitors.apply(t);
            LeafBatch batch = new LeafBatch(capacity, v instanceof RunVisitor runs
                    ? new StoppingRuns(runs, stop)
                    : b -> StoppingRuns.going(stop, !stop.get() && v.accept(b)));
            return (from, to) -> walker.walkBatched(mem, roots, from, to, batch);
        });
    }

    /**
     * Walks {@code first..last} (inclusive, unsigned) with one per-leaf visitor per thread,
     * {@code visitors.apply(t)} for thread {@code t} (called on this thread before any walk
     * starts), handing out the pieces as {@link #perThread} does: the form for work that needs
     * no order between pieces and is cheap per leaf, where the JIT can inline the visitor into
     * the walk. Each visitor receives whole pieces in increasing address order, each piece's
     * events in order, and, as a walk of the piece alone would, the {@code pre} and {@code post}
     * of the tables above it (so once per piece that descends through them). Returns false if
     * a visitor stopped the walk; the others then stop at their next table.
     *
     * <p>Visitors that write a field per leaf should not share a cache line, on either side of
     * the field (padding before it is not enough: the next object's header, which its thread
     * reads at each call on it, would share the line): on the benchmark's large tree, two
     * {@code LeafSum}s allocated one after the other made this walk on 2 threads 2.4 times
     * slower than one thread's walk, and twice as fast once apart.
     */
    public boolean perThreadVisitors(PhysicalMemory mem, long[] roots, long first, long last,
            IntFunction<? extends WalkVisitor> visitors) {
        AtomicBoolean stop = new AtomicBoolean();
        return eachThread(mem, roots, first, last, stop, t -> {
            StopShared visitor = new StopShared(visitors.apply(t), stop);
            return (from, to) -> walker.walk(mem, roots, from, to, visitor);
        });
    }

    /** How one thread of {@link #eachThread} walks a piece. */
    private interface PieceWalker {
        void walk(long first, long last);
    }

    /**
     * Runs {@code threads} threads over the pieces of {@code first..last}, thread {@code t}
     * walking each piece it takes with {@code walkers.apply(t)} (made on this thread, before any
     * walk starts); this thread is thread 0 and first cuts the range. The threads take no more
     * pieces once {@code stop} is set; returns whether it never was.
     */
    private boolean eachThread(PhysicalMemory mem, long[] roots, long first, long last, AtomicBoolean stop,
            IntFunction<PieceWalker> walkers) {
        PieceFeed feed = new PieceFeed(first, last);
        List<Runnable> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            PieceWalker pieceWalker = walkers.apply(t);
            boolean cuts = t == 0;
            work.add(() -> {
                if (cuts && threads == 1) {
                    feed.complete();
                } else if (cuts) {
                    try {
                        RangeSplit.cut(walker, mem, roots, first, last, TABLES_PER_PIECE, feed);
                    } catch (Throwable e) {
                        stop.set(true);
                        throw e;
                    }
                }
                for (int k; !stop.get() && (k = feed.take()) >= 0; ) {
                    pieceWalker.walk(feed.first(k), feed.last(k));
                }
            });
        }
        WalkCrew.runAll(work);
        return !stop.get();
    }

    /**
     * A thread's visitor in {@link #perThreadVisitors}: notes when it stops the walk, and stops
     * at the next table once another has. One class, so the walker's calls of it are inlined,
     * and so are its calls of the visitor when the program walks with one visitor class.
     */
    private static final class StopShared implements WalkVisitor {
        private final WalkVisitor visitor;
        private final AtomicBoolean stop;

        StopShared(WalkVisitor visitor, AtomicBoolean stop) {
            this.visitor = visitor;
            this.stop = stop;
        }

        private boolean go(boolean go) {
            if (!go) {
                stop.set(true);
            }
            return go;
        }

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            return go(visitor.leaf(va, pa, size, level, entry, attributes));
        }

        @Override
        public boolean hole(long first, long last, int level) {
            return go(visitor.hole(first, last, level));
        }

        @Override
        public Action pre(long first, long last, int level, long table) {
            if (stop.get()) {
                return Action.STOP;
            }
            Action action = visitor.pre(first, last, level, table);
            if (action == Action.STOP) {
                stop.set(true);
            }
            return action;
        }

        @Override
        public boolean post(long first, long last, int level, long table) {
            return go(visitor.post(first, last, level, table));
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            return go(visitor.fault(first, last, level, entry, kind, message));
        }

        @Override
        public boolean denied(long va, long pa, long size, int level, long entry, long attributes, int rule, String text) {
            return go(visitor.denied(va, pa, size, level, entry, attributes, rule, text));
        }
    }

    /**
     * One {@link #inOrder} walk. The threads, this one included, take pieces in address order
     * from a common counter. Every piece has a queue: a thread walking a piece whose events are
     * not yet due copies each full batch into one of its own spare batches and queues that,
     * then an end mark. This thread, the caller, delivers the queues in piece order and gives
     * each spare back to its thread; when the piece it walks itself is the one due, it hands
     * its batches to the visitor directly, without a copy. A thread's spares are only ever
     * queued for its current piece or for pieces before it, and the caller, when it runs out
     * of spares, first delivers every piece before its own (waiting for them): so the thread
     * walking a piece the caller waits for always gets its spares back, and nobody waits in a
     * circle. After a stop or an exception every piece still gets its end mark (the threads
     * take the rest of the pieces without walking them) and the caller keeps giving spares
     * back, so every thread ends.
     */
    private final class Ordered {
        private final PhysicalMemory mem;
        private final long[] roots;
        private final PieceFeed feed;
        private final long first;
        private final long last;
        private final BatchVisitor visitor;
        /** Each piece's batches and end mark, made by whichever of its walker and the caller asks first. */
        private final ConcurrentHashMap<Integer, Slot> slots = new ConcurrentHashMap<>();
        private final LeafBatch end = new LeafBatch(1, b -> true);
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final ConcurrentLinkedQueue<BatchQueue> used = new ConcurrentLinkedQueue<>();
        /** A queue for a piece: one a delivered piece left, or a new one (made once: no allocation per lookup). */
        private final Function<Integer, Slot> newSlot = k -> {
            Slot idle = idleSlots.poll();
            return idle != null ? idle : new Slot(spareBatches);
        };
        /** The slot of the piece due ({@code dueIndex}), looked up once per piece. Only the caller uses them. */
        private Slot due;
        private int dueIndex = -1;
        /** Pieces the caller has delivered whole: the next due is this one. Only the caller reads or writes it. */
        private int delivered;
        /** How many pieces there are, once the caller has cut the range. Only the caller reads or writes it. */
        private int count;

        Ordered(PhysicalMemory mem, long[] roots, PieceFeed feed, long first, long last, BatchVisitor visitor) {
            this.mem = mem;
            this.roots = roots;
            this.feed = feed;
            this.first = first;
            this.last = last;
            this.visitor = visitor;
        }

        boolean run() {
            List<Runnable> work = new ArrayList<>();
            work.add(this::lead);
            for (int t = 1; t < threads; t++) {
                work.add(this::walkPieces);
            }
            WalkCrew.runAll(work);
            // Every thread has ended and the caller has given every spare back.
            idleSpares.addAll(used);
            WalkCrew.rethrow(failure.get());
            return !stop.get();
        }

        /** The caller's part: cuts the range, then walks pieces as the others do, delivering as it goes, then everything left. */
        private void lead() {
            try {
                RangeSplit.cut(walker, mem, roots, first, last, TABLES_PER_ORDERED_PIECE, feed);
            } catch (Throwable e) {
                fail(e);
            }
            count = feed.count();
            BatchQueue spares = spares();
            Current current = new Current();
            LeafBatch filling = new LeafBatch(capacity, full -> {
                if (stop.get()) {
                    return false;
                }
                int k = current.piece;
                if (delivered != k) {
                    deliver(-1);
                }
                if (delivered != k) {
                    LeafBatch copy = spares.poll();
                    if (copy != null) {
                        copy.copyFrom(full);
                        current.slot.queue.add(copy);
                        return !stop.get();
                    }
                    // Out of spares: every piece before this one first, then this one's queued batches.
                    deliver(k);
                }
                hand(full);
                return !stop.get();
            });
            try {
                for (int k; (k = feed.take()) >= 0; ) {
                    deliver(-1);
                    walk(k, spares, current, filling);
                }
            } finally {
                deliver(count);
            }
        }

        /** A helper's part: takes pieces in order, walks them and queues copies of its batches. */
        private void walkPieces() {
            BatchQueue spares = spares();
            Current current = new Current();
            LeafBatch filling = new LeafBatch(capacity, full -> {
                if (stop.get()) {
                    return false;
                }
                LeafBatch copy = spares.take(WalkCrew.SPIN_NANOS);
                copy.copyFrom(full);
                current.slot.queue.add(copy);
                return !stop.get();
            });
            for (int k; (k = feed.take()) >= 0; ) {
                walk(k, spares, current, filling);
            }
        }

        /** Walks piece {@code k} into {@code filling}, whose copies are {@code spares}, and ends the piece's queue. */
        private void walk(int k, BatchQueue spares, Current current, LeafBatch filling) {
            Slot slot = slot(k);
            slot.owner = spares;
            current.piece = k;
            current.slot = slot;
            try {
                if (!stop.get()) {
                    walker.walkBatched(mem, roots, feed.first(k), feed.last(k), filling);
                }
            } catch (Throwable e) {
                fail(e);
            } finally {
                slot.queue.add(end);
            }
        }

        /**
         * Delivers queued batches in piece order, waiting for those of the pieces before
         * {@code waitBefore} and taking only what is already queued of the rest; gives each
         * spare back to its thread.
         */
        private void deliver(int waitBefore) {
            while (delivered < count) {
                if (dueIndex != delivered) {
                    due = slot(delivered);
                    dueIndex = delivered;
                }
                Slot slot = due;
                LeafBatch b = delivered < waitBefore ? slot.queue.take(WalkCrew.SPIN_NANOS) : slot.queue.poll();
                if (b == null) {
                    return;
                }
                if (b == end) {
                    // Nobody uses the piece's queue again: its walker queued the end mark last.
                    slots.remove(delivered);
                    slot.owner = null;
                    idleSlots.add(slot);
                    delivered++;
                    continue;
                }
                hand(b);
                slot.owner.add(b);
            }
        }

        /** Gives a batch to the visitor, unless the walk has stopped. */
        private void hand(LeafBatch b) {
            if (!stop.get()) {
                try {
                    if (!visitor.accept(b)) {
                        stop.set(true);
                    }
                } catch (Throwable e) {
                    fail(e);
                }
            }
        }

        private Slot slot(int k) {
            return slots.computeIfAbsent(k, newSlot);
        }

        /** A set of spare batches for one thread of this walk: one a finished walk left, or new ones. */
        private BatchQueue spares() {
            BatchQueue spares = idleSpares.poll();
            if (spares == null) {
                spares = new BatchQueue(spareBatches);
                for (int i = 0; i < spareBatches; i++) {
                    spares.add(new LeafBatch(capacity, b -> true));
                }
            }
            // Every spare is back once the caller has delivered the whole walk.
            used.add(spares);
            return spares;
        }

        private void fail(Throwable e) {
            failure.compareAndSet(null, e);
            stop.set(true);
        }
    }

    /**
     * The piece a thread is walking, and its slot: read at every full batch without a lookup (a
     * lookup per batch boxed the piece's number and made a lambda, about half a byte per event).
     */
    private static final class Current {
        int piece;
        Slot slot;
    }

    /** A piece's batches, queued by the thread walking it, whose spares they are, for the caller. */
    private static final class Slot {
        /** Room for all the spares of the thread walking the piece, and the end mark. */
        final BatchQueue queue;
        /** The spares of the thread walking the piece: set before its first batch is queued. */
        volatile BatchQueue owner;

        Slot(int spares) {
            queue = new BatchQueue(spares + 1);
        }
    }

    /**
     * A thread's {@link RunVisitor} in {@link #perThread}: it still gets runs, and stops when any
     * thread's visitor stopped (as a plain {@link BatchVisitor} does through {@link #going}).
     */
    private record StoppingRuns(RunVisitor visitor, AtomicBoolean stop) implements RunVisitor {
        @Override
        public boolean accept(LeafBatch batch) {
            return going(stop, !stop.get() && visitor.accept(batch));
        }

        @Override
        public boolean acceptRun(EntryRun run) {
            return going(stop, !stop.get() && visitor.acceptRun(run));
        }

        /** {@code go}, after telling every thread to stop if it is false. */
        static boolean going(AtomicBoolean stop, boolean go) {
            if (!go) {
                stop.set(true);
            }
            return go;
        }
    }
}
