package org.ptdesc.samples.nested;

import java.nio.file.Path;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.NestedWalkers;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.WalkerEngine;

/**
 * The nested walkers every hand-built nested test runs on: the reference
 * {@link NestedInterpreter} over an interpreted and over a generated stage 2 walker, the
 * generated pair class ({@link Ptdesc#loadNested}), and the generic composition of two generated
 * walkers ({@link NestedWalkers#compose}). The reference gets the stage 2 tree's IR too, so it
 * computes the combined attributes; the composition, which has no compiler, computes none.
 */
enum NestedEngine {
    REFERENCE_OVER_INTERPRETER, REFERENCE_OVER_GENERATED, GENERATED_PAIR, COMPOSED;

    NestedWalker nested(String guest, String host) {
        return switch (this) {
            case REFERENCE_OVER_INTERPRETER -> new NestedInterpreter(X86OverEptTest.ir(guest), X86OverEptTest.ir(host),
                    WalkerEngine.INTERPRETER.walker(host));
            case REFERENCE_OVER_GENERATED -> new NestedInterpreter(X86OverEptTest.ir(guest), X86OverEptTest.ir(host),
                    WalkerEngine.GENERATED.walker(host));
            case GENERATED_PAIR -> Ptdesc.loadNested(Path.of("descriptors", guest + ".ptdesc"), guest,
                    Path.of("descriptors", host + ".ptdesc"), host);
            case COMPOSED -> NestedWalkers.compose(WalkerEngine.GENERATED.walker(guest), WalkerEngine.GENERATED.walker(host));
        };
    }

    /** A single tree's walker, for the test's own two-walker composition. */
    TreeWalker walker(String name) {
        return (this == REFERENCE_OVER_INTERPRETER ? WalkerEngine.INTERPRETER : WalkerEngine.GENERATED).walker(name);
    }
}
