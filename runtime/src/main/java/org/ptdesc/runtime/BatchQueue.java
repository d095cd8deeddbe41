package org.ptdesc.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded queue of batches between exactly one thread that adds and one that takes (the
 * same thread may do both), for {@link ParallelWalk}'s in-order walk: a piece's filled batches
 * on their way to the caller, a thread's spare batches on their way back. It allocates
 * nothing after construction, where {@code ArrayBlockingQueue} allocates a node whenever the
 * two threads contend for its lock: an in-order walk of the large benchmark tree (4 Mi leaves)
 * allocated 100 to 390 KB with it, depending on how often they met, and 90 KB with this queue.
 * {@link #take} spins briefly, then parks until {@link #add} wakes it; the park is timed, so a
 * wake-up that crosses the taker's going to sleep costs at most a millisecond, never the walk.
 */
final class BatchQueue {

    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final LeafBatch[] slots;
    /*
     * Volatile, so that an adder that publishes a batch and then looks for a parked taker, and a
     * taker that says it parks and then looks for a batch, cannot both miss the other.
     */
    /** Batches taken so far: written by the taker only. */
    private volatile long head;
    /** Batches added so far: written by the adder only. */
    private volatile long tail;
    /** The taker while it is parked (or about to park), else null. */
    private volatile Thread waiting;

    /** A queue for at most {@code capacity} batches (at least 1). */
    BatchQueue(int capacity) {
        slots = new LeafBatch[capacity];
    }

    /**
     * Adds {@code batch}; the caller guarantees there is room (the batches that circulate are
     * never more than the capacity).
     *
     * @throws IllegalStateException if the queue is full, which would be a bug of the caller
     */
    void add(LeafBatch batch) {
        long t = tail;
        if (t - head == slots.length) {
            throw new IllegalStateException("a queue of " + slots.length + " batches is full");
        }
        slots[(int) (t % slots.length)] = batch;
        tail = t + 1;
        Thread w = waiting;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** The next batch, or null if there is none now. */
    LeafBatch poll() {
        long h = head;
        if (h == tail) {
            return null;
        }
        int at = (int) (h % slots.length);
        LeafBatch b = slots[at];
        slots[at] = null;
        head = h + 1;
        return b;
    }

    /**
     * The next batch, waiting for one: spins for {@code spinNanos}, then parks. Interrupts do
     * not end the wait (every thread of a walk must end, and they end by what they take); the
     * interrupt flag is set again before returning.
     */
    LeafBatch take(long spinNanos) {
        LeafBatch b = poll();
        if (b != null) {
            return b;
        }
        for (long until = System.nanoTime() + spinNanos; System.nanoTime() - until < 0; ) {
            Thread.onSpinWait();
            if ((b = poll()) != null) {
                return b;
            }
        }
        boolean interrupted = false;
        waiting = Thread.currentThread();
        try {
            while ((b = poll()) == null) {
                LockSupport.parkNanos(this, PARK_NANOS);
                // A set flag would make every park return at once: clear it, and set it again at the end.
                interrupted |= Thread.interrupted();
            }
            return b;
        } finally {
            waiting = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
