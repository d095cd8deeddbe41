package org.ptdesc.cli;

import org.ptdesc.compiler.load.MapperLoader;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.interp.MapperInterpreter;
import org.ptdesc.runtime.TreeMapper;
import org.ptdesc.runtime.TreeWalker;

/** Chooses how a tree is walked or built: generated classes (the default), or the reference interpreters. */
final class Engines {
    private Engines() {}

    static TreeWalker generated(WalkerIr ir) {
        return WalkerLoader.shared().load(ir);
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
