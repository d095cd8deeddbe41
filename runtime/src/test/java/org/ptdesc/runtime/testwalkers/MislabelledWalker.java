package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.Walkers;

/** Its stamp and its info() disagree on the tree's name. */
@GeneratedWalker(abi = Walkers.ABI_VERSION, tree = "mislabelled")
public final class MislabelledWalker extends FakeWalker {
    public MislabelledWalker() {
        super("other");
    }
}
