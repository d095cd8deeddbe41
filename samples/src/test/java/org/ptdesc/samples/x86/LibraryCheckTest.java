package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeInfo;

/**
 * Each descriptor of this part of the library checks without any diagnostic (not even a
 * warning) with its default parameters, and with a feature switched off by a parameter at most
 * with warnings; defines its main tree under the file's name, and documents the tree, every level,
 * every root and every attribute.
 */
class LibraryCheckTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_64_la57", "x86_32", "x86_pae", "intel_ept", "radix64"})
    void checksCleanlyAndIsDocumented(String name) {
        Compilation c = Ptdesc.compile(Path.of("descriptors", name + ".ptdesc"), Map.of());
        assertTrue(c.diagnostics().isEmpty(), c::renderDiagnostics);
        WalkerIr ir = c.tree(name).orElseThrow(() -> new AssertionError(name + ".ptdesc has no tree " + name));
        TreeInfo info = ir.info();
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

    /**
     * A parameter that switches a feature off leaves rules that can never match: each is a
     * warning (P505), never an error, so the descriptor stays usable with that setting.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"x86_32 PSE=0 2", "intel_ept EXECUTE_ONLY=0 0", "intel_ept PAGE_1G=0 0",
            "intel_ept MAXPHYADDR=36 0"})
    void switchingAFeatureOffOnlyWarns(String spec) {
        String[] parts = spec.split(" ");
        String[] param = parts[1].split("=");
        Compilation c = Ptdesc.compile(Path.of("descriptors", parts[0] + ".ptdesc"),
                Map.of(param[0], Long.parseLong(param[1])));
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        for (var d : c.diagnostics()) {
            assertEquals("P505", d.code().code(), c.renderDiagnostics());
        }
        // x86_32 with PSE = 0: the 4 MiB page's reserved-bit fault and its leaf rule.
        assertEquals(Integer.parseInt(parts[2]), c.diagnostics().size(), c::renderDiagnostics);
    }

    private static void assertDocumented(String what, String doc) {
        assertFalse(doc == null || doc.isBlank(), what + " has no documentation string");
    }
}
