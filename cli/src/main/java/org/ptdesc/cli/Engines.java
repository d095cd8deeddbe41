package org.ptdesc.cli;

import org.ptdesc.compiler.load.MapperLoader;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.interp.MapperInterpreter;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.TreeMapper;
import org.ptdesc.runtime.TreeWalker;

/**
 * Chooses how a tree, or a guest tree over a stage 2 tree, is walked or built: a generated
 * walker, pair or mapper class (the default), or the reference interpreters.
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

    /** The reference mapper for a tree. */
    static TreeMapper interpretedMapper(MapperIr m) {
        return new MapperInterpreter(m);
    }

    /** The generated mapper for a tree. */
    static TreeMapper generatedMapper(MapperIr m) {
        return MapperLoader.load(m);
    }
}
