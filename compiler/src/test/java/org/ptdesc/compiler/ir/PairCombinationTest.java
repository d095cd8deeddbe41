package org.ptdesc.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.codegen.NestedWalkerGenerator;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.compiler.source.DiagnosticCode;

/**
 * Binding a stage 2 tree's combined attributes to the guest tree of a pair: the checks made
 * only when a pair is compiled, located at the {@code guest attribute} declarations, and the
 * combined word computed from two leaves (the expectations by hand from the declarations).
 */
class PairCombinationTest {

    static final String HOST = """
            tree s2 {
                address 21 bits;
                offset 12 bits;
                entry 64 bits;
                root base = base;
                flag P [0];
                flag R [1];
                field frame [51:12];
                field kind [5:3];
                attribute read : and;
                attribute type : 3 bits set;
                level top bits 9 {
                    invalid when !P;
                    leaf -> frame << 12 with read = R, type = kind;
                }
                guest attribute user;
                guest attribute index : 3 bits;
                combined user_read = read && guest.user;
                combined mixed : 4 bits = guest.index == 2 ? type : kind + 8;
                combined twice : 3 bits = mixed;
            }
            """;

    static WalkerIr tree(String file, String text, String name) {
        Compilation c = Ptdesc.compile(file, text, Map.of());
        assertTrue(!c.hasErrors(), c.renderDiagnostics());
        return c.tree(name).orElseThrow();
    }

    static WalkerIr guest(String attributes, String with) {
        return tree("guest.ptdesc", """
                tree g {
                    address 21 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root base = base;
                    flag P [0];
                    field frame [51:12];
                    %s
                    level top bits 9 {
                        invalid when !P;
                        leaf -> frame << 12 %s;
                    }
                }
                """.formatted(attributes, with), "g");
    }

    @Test
    void aGuestWithTheAttributesBindsWhateverTheirPositions() {
        WalkerIr host = tree("s2.ptdesc", HOST, "s2");
        // The guest's index is 2 bits wide, narrower than the declared 3: allowed.
        WalkerIr g = guest("attribute other : 2 bits set; attribute index : 2 bits set; attribute user : set;",
                "with other = entry[5:4], index = entry[3:2], user = entry[1]");
        PairCombination p = PairCombination.bind(g, host);
        assertEquals(List.of(), p.errors());
        // Guest word: other bits 1:0, index 3:2, user 4. Inputs: user bit 0, index bits 3:1.
        long guestAttributes = 0b1_10_11;            // user 1, index 2, other 3
        assertEquals(0b10_1, p.guestInputs(guestAttributes));
        // Host: read bit 0, type bits 3:1; the entry's kind is bits 5:3.
        long hostAttributes = 0b101_1;               // read 1, type 5
        long hostEntry = 3L << 3;                    // kind 3
        // user_read = 1 (bit 0); mixed = type = 5 (bits 4:1); twice = mixed & 7 = 5 (bits 7:5).
        assertEquals(1 | 5 << 1 | 5 << 5, p.combine(guestAttributes, hostAttributes, hostEntry));
        // index 1: mixed = kind + 8 = 11 (fits 4 bits), twice = 11 & 7 = 3; user 0: user_read 0.
        assertEquals(11 << 1 | 3 << 5, p.combine(0b0_01_00, hostAttributes, hostEntry));
        assertEquals(List.of("user_read", "mixed", "twice"), p.info().stream().map(a -> a.name()).toList());
        assertEquals(List.of(0, 1, 5), p.info().stream().map(a -> a.offset()).toList());
    }

    @Test
    void theGeneratedPairClassComputesWhatTheReferenceComputes() {
        WalkerIr host = tree("s2.ptdesc", HOST, "s2");
        WalkerIr g = guest("attribute index : 3 bits set; attribute user : set;",
                "with index = entry[3:1], user = entry[4]");
        NestedWalker pair = new WalkerLoader(NestedWalker.class.getClassLoader()).loadNested(g, host,
                new Interpreter(g), new Interpreter(host));
        NestedWalker reference = new NestedInterpreter(g, host);
        assertEquals(reference.combinedAttributes(), pair.combinedAttributes());
        PairCombination p = PairCombination.bind(g, host);
        java.util.SplittableRandom random = new java.util.SplittableRandom(12);
        for (int i = 0; i < 2000; i++) {
            long guestAttributes = random.nextLong();
            long hostAttributes = random.nextLong();
            long hostEntry = random.nextLong();
            long expected = p.combine(guestAttributes, hostAttributes, hostEntry);
            assertEquals(expected, pair.combinedAttributes(guestAttributes, hostAttributes, hostEntry));
            assertEquals(expected, reference.combinedAttributes(guestAttributes, hostAttributes, hostEntry));
        }
        // By hand: guest word index bits 2:0 = 2, user bit 3 = 1; host word read bit 0 = 1, type
        // bits 3:1 = 6; entry kind 0b101. user_read 1, mixed = type = 6, twice = 6.
        assertEquals(1 | 6 << 1 | 6 << 5, pair.combinedAttributes(0b1_010, 0b110_1, 0b101 << 3));
        // index 4, user 0: user_read 0, mixed = kind + 8 = 13, twice = 13 & 7 = 5.
        assertEquals(13 << 1 | 5 << 5, pair.combinedAttributes(0b0_100, 0b110_1, 0b101 << 3));
    }

    @Test
    void aMissingOrMistypedGuestAttributeIsLocatedAtTheDeclaration() {
        WalkerIr host = tree("s2.ptdesc", HOST, "s2");
        WalkerIr g = guest("attribute user : 2 bits set;", "with user = entry[2:1]");
        PairCombination p = PairCombination.bind(g, host);
        // The input of another type is an error; the missing one a warning (any two trees compose).
        assertEquals(1, p.errors().size(), p.renderErrors());
        assertEquals(DiagnosticCode.GUEST_ATTRIBUTE_TYPE, p.errors().get(0).code());
        assertEquals("s2.ptdesc:16:21: error: guest tree 'g' has attribute 'user' 2 bits wide, but stage 2 tree 's2'"
                + " declares it boolean [P804]", p.errors().get(0).render().lines().findFirst().orElseThrow());
        assertEquals(1, p.warnings().size(), p.renderWarnings());
        assertEquals(DiagnosticCode.GUEST_ATTRIBUTE_MISSING, p.warnings().get(0).code());
        assertEquals("s2.ptdesc:17:21: warning: guest tree 'g' has no attribute 'index', which the combined attributes"
                + " of stage 2 tree 's2' read (its attributes: user): this pair has no combined attributes [P803]",
                p.warnings().get(0).render().lines().findFirst().orElseThrow());
        assertTrue(p.warnings().get(0).render().contains("    guest attribute index : 3 bits;"));
        assertTrue(p.combination().isEmpty());
        // Both engines refuse the pair with the same located error.
        IllegalArgumentException generated = assertThrows(IllegalArgumentException.class,
                () -> NestedWalkerGenerator.generate(g, host, "t.Pair"));
        assertEquals(p.renderErrors(), generated.getMessage());
        IllegalArgumentException reference = assertThrows(IllegalArgumentException.class,
                () -> new NestedInterpreter(g, host));
        assertEquals(p.renderErrors(), reference.getMessage());
    }

    @Test
    void aTreeWithoutCombinedDeclarationsBindsToAnyGuest() {
        WalkerIr g = guest("", "");
        PairCombination p = PairCombination.bind(g, g);
        assertEquals(List.of(), p.errors());
        assertEquals(0, p.combine(-1L, -1L, -1L));
        assertEquals(List.of(), p.info());
    }

    @Test
    void aGuestWithoutTheInputsComposesWithoutCombinedAttributes() throws Exception {
        WalkerIr host = tree("s2.ptdesc", HOST, "s2");
        WalkerIr g = guest("attribute other : 2 bits set;", "with other = entry[5:4]");
        PairCombination p = PairCombination.bind(g, host);
        assertEquals(List.of(), p.errors());
        assertEquals(2, p.warnings().size(), p.renderWarnings());
        assertTrue(p.warnings().stream().allMatch(d -> d.code() == DiagnosticCode.GUEST_ATTRIBUTE_MISSING));
        assertTrue(p.combination().isEmpty());
        assertEquals(List.of(), p.info());
        assertEquals(0, p.combine(-1L, -1L, -1L));
        // Both engines build the pair, and it says it has no combined attributes.
        assertEquals(List.of(), new NestedInterpreter(g, host).combinedAttributes());
        // The generated pair class has no combined-attribute methods of its own: it keeps the
        // interface's defaults (no combined attributes), as the reference does.
        org.objectweb.asm.tree.ClassNode node = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(NestedWalkerGenerator.generate(g, host, "t.Pair")).accept(node, 0);
        assertTrue(node.methods.stream().noneMatch(m -> m.name.equals("combinedAttributes")),
                "the pair declares combinedAttributes although its guest lacks the inputs");
        // With a guest that has them, it does (the check above can fail).
        WalkerIr full = guest("attribute other : 2 bits set; attribute index : 2 bits set; attribute user : set;",
                "with other = entry[5:4], index = entry[3:2], user = entry[1]");
        org.objectweb.asm.tree.ClassNode bound = new org.objectweb.asm.tree.ClassNode();
        new org.objectweb.asm.ClassReader(NestedWalkerGenerator.generate(full, host, "t.Pair")).accept(bound, 0);
        assertTrue(bound.methods.stream().anyMatch(m -> m.name.equals("combinedAttributes")));
    }
}
