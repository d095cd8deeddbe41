package org.ptdesc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.DiagnosticCode;

/** What the rule analyses prove and, as important, what they leave alone. */
class RuleAnalysisTest {

    static List<DiagnosticCode> codes(String rules) {
        Compilation c = Ptdesc.compile("r.ptdesc", """
                tree t {
                    address 21 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r;
                    level only bits 9 {
                %s
                    }
                }
                """.formatted(rules), Map.of());
        return c.diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void riscvStyleRulesAreAllReachable() {
        // Sv39 PTE (RISC-V privileged spec 4.3.1): V=0 invalid, W without R reserved, leaf when R|W|X.
        assertEquals(List.of(), codes("""
                invalid when !entry[0];
                fault "W without R" when entry[2] && !entry[1];
                leaf when entry[1] || entry[3] -> entry[53:10] << 12;
                fault "pointer at the last level";
                """));
    }

    @Test
    void conditionsReadingTheAddressAreNotJudged() {
        assertEquals(List.of(), codes("""
                leaf when va[20] -> entry[51:12] << 12;
                leaf when !va[20] -> entry[51:12] << 12;
                fault "unreachable but unprovable without va";
                """));
    }

    @Test
    void tooManyBitsAreNotEnumerated() {
        // The second rule is covered, but the first reads 20 entry bits: beyond the enumeration bound.
        assertEquals(List.of(), codes("""
                invalid when entry[19:0] != 0x12345 || entry[0] || !entry[0];
                leaf when entry[1] -> entry[51:12] << 12;
                """));
    }

    @Test
    void coveredByASubsetOfTheEarlierRules() {
        assertEquals(List.of(DiagnosticCode.RULE_UNREACHABLE), codes("""
                invalid when entry[2:0] == 0;
                fault "a" when entry[40:21] == 7;
                leaf when entry[0] || entry[1] || entry[2] -> entry[51:12] << 12;
                fault "every three-bit pattern is taken" when entry[2:0] != 0;
                """));
    }

    @Test
    void alignmentFollowsCarriesAndMasks() {
        assertEquals(List.of(), codes("leaf -> (entry & ~0xfff) + (entry[7:0] << 12);"));
        assertEquals(List.of(), codes("leaf -> entry[40:30] * 0x1000;"));
        assertEquals(List.of(DiagnosticCode.LEAF_UNALIGNED), codes("leaf -> entry[40:30] * 0x800;"));
        assertEquals(List.of(DiagnosticCode.LEAF_UNALIGNED), codes("leaf -> entry - 1;"));
    }
}
