package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;

/**
 * A tree of the shipped library ({@code descriptors/NAME.ptdesc}, main tree {@code NAME}),
 * compiled and run by the reference interpreter; and the one view of its packed attribute
 * word the tests need: an attribute's value by name. Tests run with the samples module as
 * working directory.
 */
final class LibraryTree {

    /** The interpreter for the main tree of {@code descriptors/NAME.ptdesc}, with default parameters. */
    static TreeWalker interpreter(String name) {
        return interpreter(name, Map.of());
    }

    /** As {@link #interpreter(String)}, with compile-time parameters overridden. */
    static TreeWalker interpreter(String name, Map<String, Long> parameters) {
        Compilation c = Ptdesc.compile(Path.of("descriptors", name + ".ptdesc"), parameters);
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        return new Interpreter(c.tree(name).orElseThrow());
    }

    /** The value of attribute {@code name} in the packed word {@code attributes} of {@code walker}'s tree. */
    static long attribute(TreeWalker walker, long attributes, String name) {
        for (TreeInfo.AttributeInfo a : walker.info().attributes()) {
            if (a.name().equals(name)) {
                return a.valueIn(attributes);
            }
        }
        throw new AssertionError("tree " + walker.info().name() + " has no attribute " + name);
    }

    private LibraryTree() {}
}
