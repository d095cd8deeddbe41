package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.DiagnosticCode;

/**
 * Several files in one run: an override applies where it is declared and is an error only when
 * no file declares it; walker classes of different files must not share a class file, even
 * where case is ignored.
 */
class BatchTest {

    @TempDir
    Path dir;

    /** A one-level tree named {@code name} whose address width is parameter {@code param}. */
    private Path tree(String file, String name, String param) throws IOException {
        Path p = dir.resolve(file);
        Files.writeString(p, """
                param %2$s = 16;
                tree %1$s {
                    address %2$s bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r;
                    flag V [0];
                    field frame [63:12];
                    level L bits %2$s - 12 { invalid when !V; leaf -> frame << 12; }
                }
                """.formatted(name, param));
        return p;
    }

    @Test
    void anOverrideAppliesToTheFilesThatDeclareIt() throws IOException {
        Path a = tree("a.ptdesc", "a", "WIDTH_A");
        Path b = tree("b.ptdesc", "b", "WIDTH_B");
        Batch batch = Ptdesc.compileAll(List.of(a, b), Map.of("WIDTH_A", 20L));
        assertFalse(batch.hasErrors(), batch.renderDiagnostics());
        assertEquals("", batch.renderDiagnostics());
        assertEquals(20, batch.files().get(0).tree("a").orElseThrow().addressBits());
        assertEquals(16, batch.files().get(1).tree("b").orElseThrow().addressBits());
    }

    @Test
    void anOverrideNoFileDeclaresIsAnErrorOfTheRun() throws IOException {
        Path a = tree("a.ptdesc", "a", "WIDTH_A");
        Path b = tree("b.ptdesc", "b", "WIDTH_B");
        Batch batch = Ptdesc.compileAll(List.of(a, b), Map.of("WIDTH_C", 20L));
        assertTrue(batch.hasErrors());
        assertFalse(batch.files().get(0).hasErrors(), "the files themselves are fine");
        assertEquals(List.of(DiagnosticCode.UNKNOWN_PARAMETER_OVERRIDE_IN_RUN),
                batch.diagnostics().stream().map(Diagnostic::code).toList());
        assertEquals(a + ": error: parameter override 'WIDTH_C' names no parameter of any of the 2 files [P211]\n",
                batch.renderDiagnostics());
    }

    @Test
    void oneFileAloneStillRejectsAnUnknownOverrideAsItsOwnError() throws IOException {
        Path a = tree("a.ptdesc", "a", "WIDTH_A");
        Batch batch = Ptdesc.compileAll(List.of(a), Map.of("WIDTH_B", 20L));
        assertTrue(batch.hasErrors());
        assertEquals(List.of(), batch.diagnostics());
        assertEquals(List.of(DiagnosticCode.UNKNOWN_PARAMETER_OVERRIDE),
                batch.files().getFirst().diagnostics().stream().map(Diagnostic::code).toList());
    }

    @Test
    void treesOfDifferentFilesThatDifferOnlyInCaseClash() throws IOException {
        Path a = tree("a.ptdesc", "abc", "W");
        Path b = tree("b.ptdesc", "ABC", "W");
        Path c = tree("c.ptdesc", "other", "W");
        Batch batch = Ptdesc.compileAll(List.of(a, b, c), Map.of());
        assertFalse(batch.hasErrors(), batch.renderDiagnostics());
        List<Diagnostic> clashes = Ptdesc.walkerClassClashes(batch.files(), "p");
        assertEquals(1, clashes.size(), clashes.toString());
        assertEquals(b + ": error: tree 'ABC' (line 2) compiles to p.ABCWalker, which is the class file of tree 'abc' of "
                + a + " (p.AbcWalker) where case is ignored; rename one of the trees [P212]", clashes.getFirst().render());
    }

    @Test
    void theSameFileTwiceOrDistinctNamesDoNotClash() throws IOException {
        Path a = tree("a.ptdesc", "abc", "W");
        Path c = tree("c.ptdesc", "abd", "W");
        Batch batch = Ptdesc.compileAll(List.of(a, c, a), Map.of());
        assertEquals(List.of(), Ptdesc.walkerClassClashes(batch.files(), "p"));
    }
}
