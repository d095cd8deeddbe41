package org.ptdesc.bench;

import org.ptdesc.runtime.WalkVisitor;

/**
 * A walk visitor that sums every argument of every leaf (and counts the leaves): cheap enough
 * that a walk measures the walker, and a checksum two walkers agree on only if they report the
 * same leaves. Padded on both sides ({@link LeafTally}) so that one per thread can be used in a
 * parallel walk.
 */
public final class LeafSum extends LeafTally.Padded implements WalkVisitor {

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        sum += va + pa + size + level + entry + attributes;
        leaves++;
        return true;
    }
}
