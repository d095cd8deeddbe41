package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.Walkers;

/** Cannot be instantiated: must only be touched when asked for by name. */
@GeneratedWalker(abi = Walkers.ABI_VERSION, tree = "failing")
public final class FailingWalker extends FakeWalker {
    public FailingWalker() {
        super("failing");
        throw new IllegalStateException("boom");
    }
}
