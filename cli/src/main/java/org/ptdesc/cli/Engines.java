package org.ptdesc.cli;

import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;

/** Chooses how a tree is walked: a generated walker class, or the reference interpreter. */
final class Engines {
    private Engines() {}

    static TreeWalker generated(WalkerIr ir) {
        return new Interpreter(ir);
    }
}
