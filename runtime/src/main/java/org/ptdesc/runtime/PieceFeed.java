package org.ptdesc.runtime;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pieces of a walk's range, published one at a time as {@link RangeSplit} finds where they
 * begin, and taken in address order by the threads of a {@link ParallelWalk}: so the threads
 * start walking the first pieces while the range is still being cut. Piece {@code k} runs from
 * its start to the next piece's start minus one, the last one to the end of the range; a thread
 * that takes a piece whose end is not known yet waits for it (cutting reads only the levels
 * above the last and is many times faster than walking, so the wait is short). One thread
 * cuts; any number take.
 */
final class PieceFeed {

    private final long last;
    /** The pieces' first addresses: replaced by a longer copy when full, before {@link #found} grows. */
    private volatile long[] starts = new long[64];
    /** Pieces whose start is published. */
    private volatile int found;
    /** Whether every start is published: the last piece found ends at {@link #last}. */
    private volatile boolean complete;
    private final AtomicInteger next = new AtomicInteger();

    /** The pieces of {@code first..last} (inclusive, unsigned): at first one, the whole range, not yet complete. */
    PieceFeed(long first, long last) {
        this.last = last;
        starts[0] = first;
        found = 1;
    }

    /** Publishes a cut: a piece begins at {@code start}, above the last piece's start. Only the cutting thread calls it. */
    void cutAt(long start) {
        int k = found;
        long[] s = starts;
        if (k == s.length) {
            s = Arrays.copyOf(s, 2 * k);
            starts = s;
        }
        s[k] = start;
        found = k + 1;
    }

    /** Publishes that no more cuts come. Only the cutting thread calls it, once, also after a failure. */
    void complete() {
        complete = true;
    }

    /** The start of the last piece published (the first address when none was cut). */
    long lastStart() {
        return starts[found - 1];
    }

    /**
     * The number of the next piece not yet taken, which is now the calling thread's to walk, or
     * -1 if there is none; waits until the piece's end is known.
     */
    int take() {
        int k = next.getAndIncrement();
        for (int spins = 0; ; spins++) {
            // `complete` before `found`: once complete, `found` no longer changes.
            boolean done = complete;
            int known = found;
            if (k + 1 < known || done) {
                return k < known ? k : -1;
            }
            if (spins < 1_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** The first address of piece {@code k}, a piece {@link #take} returned. */
    long first(int k) {
        return starts[k];
    }

    /** The last address of piece {@code k}, a piece {@link #take} returned. */
    long last(int k) {
        return k + 1 < found ? starts[k + 1] - 1 : last;
    }

    /** Every piece, once complete: {@code {first, last}} in address order. */
    long[][] all() {
        long[][] pieces = new long[found][];
        for (int k = 0; k < pieces.length; k++) {
            pieces[k] = new long[] {first(k), last(k)};
        }
        return pieces;
    }

    /** How many pieces there are, once complete. */
    int count() {
        return found;
    }
}
