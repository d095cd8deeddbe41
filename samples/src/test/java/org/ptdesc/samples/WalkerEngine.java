package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.TreeWalker;

/**
 * The two engines every test of a shipped descriptor runs on: the reference interpreter and
 * the generated walker class ({@link Ptdesc#load}), for the main tree of
 * {@code descriptors/NAME.ptdesc}.
 */
public enum WalkerEngine {
    INTERPRETER, GENERATED;

    /** The walker for the main tree of {@code descriptors/NAME.ptdesc}, default parameters. */
    public TreeWalker walker(String name) {
        return walker(name, Map.of());
    }

    /** As {@link #walker(String)}, with parameters overridden. */
    public TreeWalker walker(String name, Map<String, Long> parameters) {
        Path file = Path.of("descriptors", name + ".ptdesc");
        if (this == GENERATED) {
            return Ptdesc.load(file, name, parameters);
        }
        Compilation c = Ptdesc.compile(file, parameters);
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        return new Interpreter(c.tree(name).orElseThrow());
    }
}
