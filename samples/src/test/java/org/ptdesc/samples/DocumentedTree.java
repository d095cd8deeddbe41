package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.TreeInfo;

/**
 * The library's promise for one descriptor: it checks without any diagnostic (not even a
 * warning), its main tree has the file's name, and the tree, every level, root and attribute
 * carry a documentation string.
 */
public final class DocumentedTree {

    private DocumentedTree() {}

    /** Asserts the promise for {@code descriptors/NAME.ptdesc}. */
    public static void assertCleanAndDocumented(String name) {
        Compilation c = Ptdesc.compile(Path.of("descriptors", name + ".ptdesc"), Map.of());
        assertTrue(c.diagnostics().isEmpty(), c::renderDiagnostics);
        TreeInfo info = c.tree(name).orElseThrow(() -> new AssertionError(name + ".ptdesc has no tree " + name)).info();
        assertEquals(name, info.name());
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertDocumented("tree " + name, info.doc()));
        for (TreeInfo.LevelInfo l : info.levels()) {
            checks.add(() -> assertDocumented("level " + l.name(), l.doc()));
        }
        for (TreeInfo.RootInfo r : info.roots()) {
            checks.add(() -> assertDocumented("root " + r.register(), r.doc()));
        }
        for (TreeInfo.AttributeInfo a : info.attributes()) {
            checks.add(() -> assertDocumented("attribute " + a.name(), a.doc()));
        }
        assertAll(name, checks);
    }

    private static void assertDocumented(String what, String doc) {
        assertFalse(doc == null || doc.isBlank(), what + " has no documentation string");
    }
}
