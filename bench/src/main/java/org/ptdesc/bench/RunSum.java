package org.ptdesc.bench;

import org.ptdesc.runtime.EntryRun;
import org.ptdesc.runtime.RunVisitor;

/**
 * {@link BatchSum} for a batched walk that hands whole tables on undecoded: sums the same six
 * values of every leaf of the runs too ({@link EntryRun}, decoded entry by entry in its loop),
 * so that it agrees with {@link LeafSum} on the same walk.
 */
public final class RunSum extends BatchSum implements RunVisitor {

    @Override
    public boolean acceptRun(EntryRun r) {
        long s = 0;
        long n = 0;
        int level = r.level();
        for (int i = 0, count = r.count(); i < count; i++) {
            long e = r.entry(i);
            if (r.isLeaf(e, i)) {
                s += r.first(i) + r.pa(e, i) + r.size(i) + level + e + r.attributes(e, i);
                n++;
            }
        }
        sum += s;
        leaves += n;
        return true;
    }
}
