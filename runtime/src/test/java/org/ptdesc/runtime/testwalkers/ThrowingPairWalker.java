package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.TreeWalker;

/** A pair class whose constructor fails. */
public final class ThrowingPairWalker extends FakePairWalker {
    public ThrowingPairWalker(TreeWalker guest, TreeWalker host) {
        super(guest, host);
        throw new IllegalStateException("broken on purpose");
    }
}
