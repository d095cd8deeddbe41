package org.ptdesc.bench;

import org.ptdesc.runtime.BatchVisitor;
import org.ptdesc.runtime.LeafBatch;

/**
 * The batched counterpart of {@link LeafSum}: sums the same six values of every leaf of a
 * batch (so the two agree on the same walk) and counts the leaves, in one loop over the
 * batch's arrays. Padded ({@link LinePadded}) as {@link LeafSum} is.
 */
public final class BatchSum extends LinePadded implements BatchVisitor {

    private long sum;
    private long leaves;

    @Override
    public boolean accept(LeafBatch b) {
        long s = 0;
        long n = 0;
        for (int i = 0, size = b.size(); i < size; i++) {
            if (b.isLeaf(i)) {
                s += b.first(i) + b.pa(i) + b.size(i) + b.level(i) + b.entry(i) + b.attributes(i);
                n++;
            }
        }
        sum += s;
        leaves += n;
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

    /** Starts again from zero. */
    public void reset() {
        sum = 0;
        leaves = 0;
    }
}
