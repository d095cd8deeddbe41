package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Severity;

/** The facade's contract: stages, file names, includes from memory, warnings, I/O errors. */
class PtdescFacadeTest {

    @Test
    void missingFileIsADiagnosticNotAnException() {
        Compilation c = Ptdesc.compile(Path.of("no/such/file.ptdesc"), Map.of());
        assertTrue(c.hasErrors());
        assertTrue(c.trees().isEmpty());
        assertEquals(DiagnosticCode.IO_ERROR, c.diagnostics().getFirst().code());
        assertEquals(Path.of("no/such/file.ptdesc") + ": error: cannot read " + Path.of("no/such/file.ptdesc")
                + ": no such file [P100]\n", c.renderDiagnostics());
    }

    @Test
    void directoryIsADiagnostic() {
        Compilation c = Ptdesc.compile(Path.of("src"), Map.of());
        assertTrue(c.hasErrors());
        assertEquals(DiagnosticCode.IO_ERROR, c.diagnostics().getFirst().code());
    }

    @Test
    void inMemoryTextIncludesRelativeToItsNameAndIgnoresIncludedTrees() {
        String text = """
                include "x86_64.ptdesc";
                tree mine {
                    address 30 bits;
                    offset 12 bits;
                    entry 64 bits;
                    format x86_entry;
                    root r = r[MAXPHYADDR - 1 : 12] << 12;
                    attribute writable : and;
                    attribute user : and;
                    attribute nx : or;
                    level top bits 9 { invalid when !P; table -> frame << 12; }
                    level bottom bits 9 { invalid when !P; leaf -> frame << 12; }
                }
                """;
        Compilation c = Ptdesc.compile("../samples/descriptors/mine.ptdesc", text, Map.of("MAXPHYADDR", 40L));
        assertEquals("", c.renderDiagnostics());
        assertEquals(List.of("mine"), c.trees().stream().map(WalkerIr::name).toList());
        assertEquals("mine.ptdesc", c.tree("mine").orElseThrow().sourceFile());
        assertTrue(c.tree("x86_64").isEmpty());
    }

    @Test
    void errorsInAnIncludedFileNameThatFile() {
        String text = """
                include "x86_64.ptdesc";
                tree mine {
                    address 30 bits;
                    offset 12 bits;
                    entry 32 bits;
                    format x86_entry;
                    root r = r;
                    attribute writable : and;
                    attribute user : and;
                    attribute nx : or;
                    level top bits 9 { invalid when !P; table -> entry[31:12] << 12; }
                    level bottom bits 9 { invalid when !P; leaf -> entry[31:12] << 12; }
                }
                """;
        Compilation c = Ptdesc.compile("../samples/descriptors/mine.ptdesc", text, Map.of());
        assertTrue(c.hasErrors());
        // XD [63] and frame [51:12] do not fit a 32-bit entry; both errors point into the format.
        assertEquals(2, c.diagnostics().size(), c.renderDiagnostics());
        for (var d : c.diagnostics()) {
            assertEquals(Path.of("../samples/descriptors/x86_64.ptdesc").normalize().toString(), d.span().fileName());
            assertEquals(DiagnosticCode.SLICE_OUT_OF_RANGE, d.code());
        }
    }

    @Test
    void warningsDoNotStopTheCompilation() {
        Compilation c = Ptdesc.compile("w.ptdesc", """
                tree w {
                    address 21 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r;
                    level top bits 5 { table -> entry[51:2] << 2; }
                    level bottom bits 4 { leaf -> entry[51:12] << 12; }
                }
                """, Map.of());
        assertFalse(c.hasErrors());
        assertEquals(Severity.WARNING, c.diagnostics().getFirst().severity());
        assertEquals(1, c.trees().size());
        assertTrue(c.renderDiagnostics().startsWith("w.ptdesc:6:33: warning: table address may not be aligned"),
                c.renderDiagnostics());
    }

    @Test
    void unknownOverrideIsAnError() {
        Compilation c = Ptdesc.compile(Path.of("../samples/descriptors/x86_64.ptdesc"), Map.of("MAXPHYSADDR", 40L));
        assertTrue(c.hasErrors());
        assertTrue(c.trees().isEmpty());
        assertEquals(DiagnosticCode.UNKNOWN_PARAMETER_OVERRIDE, c.diagnostics().getFirst().code());
    }

    @Test
    void overrideOutOfRangeIsReportedWhereTheValueIsUsed() {
        Compilation c = Ptdesc.compile(Path.of("../samples/descriptors/x86_64.ptdesc"), Map.of("MAXPHYADDR", 80L));
        assertTrue(c.hasErrors());
        assertTrue(c.renderDiagnostics().contains("error: bit 79 is outside 0..63"), c.renderDiagnostics());
    }

    @Test
    void aFileWithoutTreesIsValidWithAWarning() {
        Compilation c = Ptdesc.compile("lib.ptdesc", "param WIDTH = 48;\nformat f { flag P [0]; }\n", Map.of());
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        assertEquals(List.of(DiagnosticCode.NO_TREE), c.diagnostics().stream().map(d -> d.code()).toList());
        assertEquals("lib.ptdesc:1:1: warning: the file declares no tree: there is nothing to walk"
                + " (as a file to include it is fine) [P415]\nparam WIDTH = 48;\n^\n", c.renderDiagnostics());
    }

    @Test
    void aFileWithATreeGetsNoNoTreeWarning() {
        Compilation c = Ptdesc.compile(Path.of("../samples/descriptors/x86_64.ptdesc"), Map.of());
        assertEquals("", c.renderDiagnostics());
    }
}
