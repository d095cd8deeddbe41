package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.TreeWalker;

/** A pair class that walks its trees the wrong way round: its listing does not describe it. */
public final class SwappedPairWalker extends FakePairWalker {
    public SwappedPairWalker(TreeWalker guest, TreeWalker host) {
        super(host, guest);
    }
}
