package org.ptdesc.bench;

import org.ptdesc.runtime.WalkVisitor;

/**
 * A walk visitor that sums every argument of every leaf (and counts the leaves): cheap enough
 * that a walk measures the walker, and a checksum two walkers agree on only if they report the
 * same leaves. Padded ({@link LinePadded}) so that one per thread can be used in a parallel walk.
 */
public final class LeafSum extends LinePadded implements WalkVisitor {

    private long sum;
    private long leaves;

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        sum += va + pa + size + level + entry + attributes;
        leaves++;
        return true;
    }

    /** The sum so far. */
    public long sum() {
        return sum;
    }

    /** The number of leaves so far. */
    public long leaves() {
        return leaves;
    }

    /** Starts again from zero, so one visitor can serve every walk of a benchmark. */
    public void reset() {
        sum = 0;
        leaves = 0;
    }
}
