package org.ptdesc.cli;

import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.TreeWalker;

/**
 * Chooses how a tree, or a guest tree over a stage 2 tree, is walked: a generated walker class or
 * pair class (the default), or the reference interpreter.
 */
final class Engines {
    private Engines() {}

    static TreeWalker generated(WalkerIr ir) {
        return WalkerLoader.shared().load(ir);
    }

    /** The generated pair class of {@code guest} over the stage 2 tree {@code host}. */
    static NestedWalker generatedPair(WalkerIr guest, WalkerIr host) {
        return WalkerLoader.shared().loadNested(guest, host, generated(guest), generated(host));
    }
}
