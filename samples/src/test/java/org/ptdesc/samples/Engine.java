package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.TreeWalker;

/**
 * The two ways to run a shipped descriptor: the reference interpreter over its IR, and the
 * class the code generator makes of it ({@link Ptdesc#load}). Every hand-built and corpus test
 * of the library runs once per engine, so the generated walkers meet the same hand-computed
 * and QEMU expectations as the interpreter, not only the interpreter's answers.
 */
public enum Engine {
    INTERPRETER {
        @Override
        public TreeWalker walker(String name, Map<String, Long> parameters) {
            Compilation c = Ptdesc.compile(descriptor(name), parameters);
            assertFalse(c.hasErrors(), c::renderDiagnostics);
            return new Interpreter(c.tree(name).orElseThrow());
        }
    },
    GENERATED {
        @Override
        public TreeWalker walker(String name, Map<String, Long> parameters) {
            TreeWalker walker = Ptdesc.load(descriptor(name), name, parameters);
            assertFalse(walker instanceof Interpreter, "a generated class, not the interpreter");
            return walker;
        }
    };

    /** The main tree of {@code descriptors/NAME.ptdesc} (tests run in the samples module), with parameters overridden. */
    public abstract TreeWalker walker(String name, Map<String, Long> parameters);

    /** As {@link #walker(String, Map)}, with the descriptor's own parameter values. */
    public TreeWalker walker(String name) {
        return walker(name, Map.of());
    }

    static Path descriptor(String name) {
        return Path.of("descriptors", name + ".ptdesc");
    }
}
