package org.ptdesc.compiler.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Source positions, rendering and the diagnostic sink. */
class DiagnosticTest {

    @Test
    void linesAndColumnsWithEveryLineEnding() {
        SourceFile f = new SourceFile("f.ptdesc", "ab\r\ncd\ref\ngh");
        assertEquals(4, f.lineCount());
        assertEquals("cd", f.lineText(2));
        assertEquals("ef", f.lineText(3));
        SourceSpan s = f.span(8, 10);
        assertEquals(new SourceSpan("f.ptdesc", 3, 2, 1), s, "clipped to the end of its line");
        assertEquals(new SourceSpan("f.ptdesc", 4, 1, 2), f.span(10, 12));
    }

    @Test
    void columnsCountCodePoints() {
        SourceFile f = new SourceFile("f", "\uD83D\uDE00 x");
        assertEquals(3, f.span(2, 3).column());
    }

    @Test
    void rendersCaretUnderTheTokenKeepingTabs() {
        SourceFile f = new SourceFile("dir/x.ptdesc", "line one\n\tleaf -> frame;\n");
        Diagnostics d = new Diagnostics();
        d.report(DiagnosticCode.UNKNOWN_NAME, f, f.span(17, 22), "frame");
        assertEquals("dir/x.ptdesc:2:9: error: unknown name 'frame' [P200]\n\tleaf -> frame;\n\t       ^~~~~",
                d.all().getFirst().render());
    }

    @Test
    void veryLongLinesAreCutAroundTheSpan() {
        String line = "x".repeat(100_000) + " bad " + "y".repeat(100_000);
        SourceFile f = new SourceFile("long", line);
        Diagnostics d = new Diagnostics();
        d.report(DiagnosticCode.UNKNOWN_NAME, f, f.span(100_001, 100_004), "bad");
        String[] rendered = d.all().getFirst().render().split("\n");
        assertEquals("long:1:100002: error: unknown name 'bad' [P200]", rendered[0]);
        assertTrue(rendered[1].length() < 200, rendered[1]);
        assertTrue(rendered[1].startsWith("...") && rendered[1].endsWith("..."));
        assertEquals("bad", rendered[1].substring(rendered[2].indexOf('^'), rendered[2].indexOf('^') + 3));
        assertEquals("^~~", rendered[2].trim());
    }

    @Test
    void controlCharactersAreNotPrinted() {
        SourceFile f = new SourceFile("b", "a\u0001\u001b[2Jb");
        Diagnostics d = new Diagnostics();
        d.report(DiagnosticCode.UNEXPECTED_CHARACTER, f, f.span(1, 2), "U+0001");
        assertFalse(d.all().getFirst().render().contains("\u001b"));
    }

    @Test
    void capsErrorsWithANoteAndDropsDuplicates() {
        SourceFile f = new SourceFile("f", "x\n".repeat(200));
        Diagnostics d = new Diagnostics();
        for (int i = 0; i < 150; i++) {
            d.report(DiagnosticCode.UNKNOWN_NAME, f, f.span(i * 2, i * 2 + 1), "x");
            d.report(DiagnosticCode.UNKNOWN_NAME, f, f.span(i * 2, i * 2 + 1), "x");
        }
        assertEquals(101, d.all().size());
        assertEquals(DiagnosticCode.TOO_MANY_ERRORS, d.all().getLast().code());
        assertEquals("f: note: too many errors (100); the rest are not shown [P103]", d.all().getLast().render());
        assertTrue(d.isFull());
    }

    @Test
    void codesAreUnique() {
        Set<String> codes = new HashSet<>();
        for (DiagnosticCode c : EnumSet.allOf(DiagnosticCode.class)) {
            assertTrue(codes.add(c.code()), c.code());
        }
    }
}
