package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.source.DiagnosticCode;

/**
 * The limit on rules per level: a level at the limit checks clean and compiles (the generated
 * class is produced, so no method passed the JVM's 64 KiB), one rule more is a located error,
 * and a level of 20,000 rules is refused quickly, before the quadratic rule analysis.
 */
class LimitsTest {

    /** One level with {@code rules} fault rules before the rules that make it a valid level. */
    static String levelWithRules(int rules) {
        StringBuilder sb = new StringBuilder("""
                tree t {
                    address 21 bits; offset 12 bits; entry 64 bits; root r = r;
                    flag P [0];
                    level L bits 9 {
                """);
        for (int i = 0; i < rules - 2; i++) {
            sb.append("        fault \"r").append(i).append("\" when entry[11:1] == ").append(i).append(";\n");
        }
        sb.append("        invalid when !P;\n        leaf -> entry[51:12] << 12;\n    }\n}\n");
        return sb.toString();
    }

    @Test
    void aLevelAtTheRuleLimitChecksAndCompiles() {
        Compilation c = Ptdesc.compile("at.ptdesc", levelWithRules(256), Map.of());
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        assertEquals(1, c.walkers("p").size());
    }

    @Test
    void oneRuleMoreIsALocatedError() {
        Compilation c = Ptdesc.compile("over.ptdesc", levelWithRules(257), Map.of());
        assertEquals(List.of(DiagnosticCode.TOO_MANY_RULES), c.diagnostics().stream().map(d -> d.code()).toList(),
                c.renderDiagnostics());
        // Line 5 holds the first rule, so the 257th is on line 261.
        assertEquals(261, c.diagnostics().getFirst().span().line());
        assertEquals("level 'L' has 257 rules; at most 256 fit the generated code",
                c.diagnostics().getFirst().message());
    }

    @Test
    void twentyThousandRulesAreRefusedQuickly() {
        Compilation c = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> Ptdesc.compile("huge.ptdesc", levelWithRules(20_000), Map.of()));
        assertEquals(List.of(DiagnosticCode.TOO_MANY_RULES), c.diagnostics().stream().map(d -> d.code()).toList());
    }
}
