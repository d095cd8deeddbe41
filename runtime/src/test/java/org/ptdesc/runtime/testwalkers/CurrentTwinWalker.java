package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.Walkers;

/** Tree "twin" for the current ABI, listed after a stale copy. */
@GeneratedWalker(abi = Walkers.ABI_VERSION, tree = "twin")
public final class CurrentTwinWalker extends FakeWalker {
    public CurrentTwinWalker() {
        super("twin");
    }
}
