package org.ptdesc.bench;

/**
 * The sum and the count of leaves that {@link LeafSum} and {@link BatchSum} keep, with a cache
 * line of padding on each side ({@link LinePadded} before, {@link Padded} after), so that one
 * per thread can be written per leaf in a parallel walk without bouncing a line between cores.
 * Padding before alone is not enough: the next object's header, which the thread using that
 * object reads at each call it makes on it, then shares a line with these fields (two
 * {@link LeafSum}s allocated one after the other made the per-thread walk of the largest
 * bundled image on 2 threads slower than one thread's walk, bench/RESULTS.md).
 */
abstract class LeafTally extends LinePadded {
    long sum;
    long leaves;

    /** The sum so far. */
    public long sum() {
        return sum;
    }

    /** The number of leaves so far. */
    public long leaves() {
        return leaves;
    }

    /** Starts again from zero, so one tally can serve every walk of a benchmark. */
    public void reset() {
        sum = 0;
        leaves = 0;
    }

    /** The padding after the tally's fields (a subclass's fields come after its superclass's). */
    abstract static class Padded extends LeafTally {
        long tail0;
        long tail1;
        long tail2;
        long tail3;
        long tail4;
        long tail5;
        long tail6;
        long tail7;
    }
}
