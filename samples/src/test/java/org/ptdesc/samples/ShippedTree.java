package org.ptdesc.samples;

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
 * compiled for a test: the descriptor must check without a diagnostic.
 */
public final class ShippedTree {

    private ShippedTree() {}

    /** The reference interpreter for the main tree of {@code descriptors/NAME.ptdesc}. */
    public static TreeWalker interpreter(String name) {
        Compilation c = Ptdesc.compile(Path.of("descriptors", name + ".ptdesc"), Map.of());
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        return new Interpreter(c.tree(name).orElseThrow());
    }

    /** The attribute {@code name} of a walker's tree. */
    public static TreeInfo.AttributeInfo attribute(TreeWalker walker, String name) {
        return walker.info().attributes().stream()
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no attribute " + name + " in " + walker.info().name()));
    }
}
