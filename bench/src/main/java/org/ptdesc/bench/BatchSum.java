package org.ptdesc.bench;

import org.ptdesc.runtime.BatchVisitor;
import org.ptdesc.runtime.LeafBatch;

/**
 * The batched counterpart of {@link LeafSum}: sums the same six values of every leaf of a
 * batch (so the two agree on the same walk) and counts the leaves, in one loop over the
 * batch's arrays. Padded ({@link LeafTally}) as {@link LeafSum} is. Not final only for
 * {@link RunSum}, which adds the runs.
 */
public class BatchSum extends LeafTally.Padded implements BatchVisitor {

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
}
