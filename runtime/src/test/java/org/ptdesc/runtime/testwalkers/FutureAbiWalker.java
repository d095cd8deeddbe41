package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.Walkers;

/** Generated for a later runtime: must be refused. */
@GeneratedWalker(abi = Walkers.ABI_VERSION + 1, tree = "future", source = "future.ptdesc", compiler = "9.9.9")
public final class FutureAbiWalker extends FakeWalker {
    public FutureAbiWalker() {
        super("future");
    }
}
