package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.Walkers;

/** A stale copy of tree "twin", listed before the current one. */
@GeneratedWalker(abi = Walkers.ABI_VERSION + 1, tree = "twin")
public final class FutureTwinWalker extends FakeWalker {
    public FutureTwinWalker() {
        super("twin");
    }
}
