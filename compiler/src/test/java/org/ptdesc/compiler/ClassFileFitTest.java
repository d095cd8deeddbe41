package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.runtime.TreeWalker;

/**
 * What {@code check} accepts, {@code compile} compiles: families of descriptors that grow past a
 * class-file limit (many levels of 256 rules, huge expressions, long strings, many roots). For
 * every size the outcome is one of two: no error, and then the class is generated and passes
 * ASM's and the JDK's verifiers; or only errors P901, located at a line of the file and naming the
 * limit. Never an exception. Each family is grown until it fails, so the test sees the last size
 * that fits and the first that does not (the JVM's limits, not numbers from this code).
 */
class ClassFileFitTest {

    /** The outcome for one size: true when it compiled (and verified), false when refused with P901. */
    private static boolean compiles(String name, String text) {
        Compilation c = Ptdesc.compile(name, text, Map.of());
        if (!c.hasErrors()) {
            List<CompiledWalker> walkers = c.walkers("org.ptdesc.limits");
            assertEquals(1, walkers.size());
            verifies(walkers.getFirst().bytes());
            return true;
        }
        for (Diagnostic d : c.diagnostics().stream().filter(Diagnostic::isError).toList()) {
            assertEquals(DiagnosticCode.CLASS_FILE_LIMIT, d.code(), c.renderDiagnostics());
            assertTrue(d.span().line() > 0, "located: " + d.render());
            assertTrue(d.message().contains("65,535"), "names the limit: " + d.message());
        }
        return false;
    }

    private static void verifies(byte[] bytes) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), TreeWalker.class.getClassLoader(), false, new PrintWriter(out));
        assertEquals("", out.toString());
        assertEquals(List.of(), ClassFile.of().verify(bytes));
    }

    /**
     * Grows {@code family} from size 1 by {@code step} until it stops compiling, at most to
     * {@code max}, then bisects: returns the first size refused, having seen the size before it
     * compile and verify.
     */
    private static int firstRefused(String name, IntFunction<String> family, int step, int max) {
        int fits = 0;
        for (int n = 1; n <= max; n += step) {
            if (!compiles(name, family.apply(n))) {
                assertTrue(n > 1, "the smallest member already fails");
                int over = n;
                while (over - fits > 1) {
                    int mid = (fits + over) >>> 1;
                    if (compiles(name, family.apply(mid))) {
                        fits = mid;
                    } else {
                        over = mid;
                    }
                }
                System.out.println(name + ": size " + fits + " compiles, " + over + " is refused");
                return over;
            }
            fits = n;
        }
        throw new AssertionError(name + " still compiles at size " + max);
    }

    /** {@code levels} levels of one bit, each with 256 rules (the most P900 allows). */
    static String levelsOfFullRules(int levels) {
        StringBuilder sb = new StringBuilder("tree t {\n    address " + (12 + levels)
                + " bits; offset 12 bits; entry 64 bits; root r = r[51:12] << 12;\n    flag P [0];\n");
        for (int l = 0; l < levels; l++) {
            sb.append("    level L").append(l).append(" bits 1 {\n");
            for (int i = 0; i < 254; i++) {
                sb.append("        fault \"r").append(i).append("\" when entry[11:1] == ").append(i).append(";\n");
            }
            sb.append("        invalid when !P;\n        ")
                    .append(l == levels - 1 ? "leaf -> entry[51:12] << 12;" : "table -> entry[51:12] << 12;")
                    .append("\n    }\n");
        }
        return sb.append("}\n").toString();
    }

    @Test
    void manyLevelsOfTheMostRulesCompileOrAreRefusedAtTheTree() {
        int refused = firstRefused("levels.ptdesc", ClassFileFitTest::levelsOfFullRules, 4, 52);
        Compilation c = Ptdesc.compile("levels.ptdesc", levelsOfFullRules(refused), Map.of());
        // A translate method holds every level: the tree is responsible (line 1).
        assertEquals(1, c.diagnostics().getFirst().span().line(), c.renderDiagnostics());
        assertTrue(c.diagnostics().getFirst().message().contains("translate"), c.renderDiagnostics());
    }

    /**
     * A leaf whose address adds {@code uses} bit-reversed 64-slice fields, each of which lowers to
     * 64 shifts and masks that no simplification can merge; 121 uses stay below P115's 256
     * operators per declaration.
     */
    static String hugeExpression(int uses) {
        StringBuilder slices = new StringBuilder();
        for (int b = 0; b < 64; b++) {
            slices.append(b == 0 ? "" : ", ").append(b);
        }
        StringBuilder sum = new StringBuilder("rev");
        for (int i = 1; i < uses; i++) {
            sum.append(" + (rev >> ").append(i % 64).append(')');
        }
        return "tree t {\n    address 21 bits; offset 12 bits; entry 64 bits; root r = r[51:12] << 12;\n"
                + "    flag P [0];\n    field rev [" + slices + "];\n"
                + "    level L bits 9 {\n        invalid when !P;\n        leaf -> ((" + sum + ") >> 12) << 12;\n    }\n}\n";
    }

    @Test
    void hugeExpressionsCompileOrAreRefusedAtTheirLevel() {
        int refused = firstRefused("expr.ptdesc", ClassFileFitTest::hugeExpression, 24, 121);
        Compilation c = Ptdesc.compile("expr.ptdesc", hugeExpression(refused), Map.of());
        // The tree (line 1: a translate method) or the level (line 5: its walk method).
        assertTrue(c.diagnostics().stream().allMatch(d -> d.span().line() == 1 || d.span().line() == 5),
                c.renderDiagnostics());
    }

    /** A fault message of {@code bytes} bytes in UTF-8, made of two-byte characters and one ASCII one. */
    static String faultMessage(int bytes) {
        String text = "é".repeat(bytes / 2) + (bytes % 2 == 1 ? "x" : "");
        return "tree t {\n    address 21 bits; offset 12 bits; entry 64 bits; root r = r[51:12] << 12;\n"
                + "    flag P [0];\n    level L bits 9 {\n        invalid when !P;\n"
                + "        fault \"" + text + "\" when entry[1];\n        leaf -> entry[51:12] << 12;\n    }\n}\n";
    }

    @Test
    void aStringAtTheLimitCompilesAndOneByteMoreIsRefusedAtItsRule() {
        assertTrue(compiles("at.ptdesc", faultMessage(65_535)));
        assertFalse(compiles("over.ptdesc", faultMessage(65_536)));
        Diagnostic d = Ptdesc.compile("over.ptdesc", faultMessage(65_536), Map.of()).diagnostics().getFirst();
        assertEquals(6, d.span().line());
        assertTrue(d.message().contains("the fault message is 65536 bytes in UTF-8"), d.message());
    }

    @Test
    void aDocumentationStringOverTheLimitIsRefusedAtItsTree() {
        String doc = "d".repeat(65_536);
        Compilation c = Ptdesc.compile("doc.ptdesc", "tree t \"" + doc + "\" {\n"
                + "    address 21 bits; offset 12 bits; entry 64 bits; root r = r[51:12] << 12;\n"
                + "    level L bits 9 { leaf -> entry[51:12] << 12; }\n}\n", Map.of());
        assertEquals(List.of(DiagnosticCode.CLASS_FILE_LIMIT), c.diagnostics().stream().map(Diagnostic::code).toList());
        assertEquals(1, c.diagnostics().getFirst().span().line());
    }

    /** {@code roots} roots, each translating its own 4 KiB of a 32-bit space through one 20-bit level. */
    static String manyRoots(int roots) {
        StringBuilder sb = new StringBuilder("tree t {\n    address 32 bits; offset 12 bits; entry 64 bits;\n");
        for (int i = 0; i < roots; i++) {
            long first = (long) i << 12;
            sb.append("    root r").append(i).append(" for 0x").append(Long.toHexString(first)).append(" .. 0x")
                    .append(Long.toHexString(first + 0xfff)).append(" = r").append(i).append("[51:12] << 12;\n");
        }
        return sb.append("    level L bits 20 { leaf -> entry[51:12] << 12; }\n}\n").toString();
    }

    @Test
    void manyRootsCompileOrAreRefusedAtTheTree() {
        int refused = firstRefused("roots.ptdesc", ClassFileFitTest::manyRoots, 500, 20_000);
        Compilation c = Ptdesc.compile("roots.ptdesc", manyRoots(refused), Map.of());
        assertEquals(1, c.diagnostics().getFirst().span().line(), c.renderDiagnostics());
    }
}
