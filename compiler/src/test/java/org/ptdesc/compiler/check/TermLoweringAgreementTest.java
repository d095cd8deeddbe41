package org.ptdesc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Lowering;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.syntax.DescriptorParser;
import org.ptdesc.compiler.syntax.SyntaxTree;

/**
 * A checked term means what the manual says ({@link TermMeaning}, a test oracle) once it is
 * lowered, simplified and run with the IR's one evaluator, {@link Eval}, which the checker also
 * uses to fold constants and decide rule reachability. On random expressions and random entries
 * they agree.
 */
class TermLoweringAgreementTest {

    private final Random random = new Random(1234);

    @Test
    void randomExpressionsEvaluateAlikeBeforeAndAfterLowering() {
        for (int i = 0; i < 400; i++) {
            String intExpr = intExpr(4);
            String boolExpr = boolExpr(3);
            String text = """
                    tree t {
                        address 21 bits;
                        offset 12 bits;
                        entry 64 bits;
                        root r = r;
                        attribute v : 63 bits set;
                        attribute b : set;
                        level only bits 9 {
                            leaf -> entry[51:12] << 12 with v = %s, b = %s;
                        }
                    }
                    """.formatted(intExpr, boolExpr);
            Diagnostics d = new Diagnostics();
            SyntaxTree syntax = DescriptorParser.parse(new SourceFile("t.ptdesc", text), d).orElseThrow();
            Model model = Checker.check(syntax, Map.of(), d).orElseThrow(() -> new AssertionError(d.all() + "\n" + text));
            Model.MappingRule rule = (Model.MappingRule) model.trees().getFirst().levels().getFirst().rules().getFirst();
            for (Model.AttributeValue v : rule.attributes()) {
                Expr lowered = Lowering.expr(v.value());
                for (int k = 0; k < 50; k++) {
                    long entry = k % 5 == 0 ? -1L : random.nextLong();
                    long va = random.nextLong();
                    long expected = TermMeaning.eval(v.value(), entry, va, 0);
                    assertEquals(expected, Eval.eval(lowered, entry, va, 0), v.attribute() + " = " + text);
                    if (v.attribute().equals("b")) {
                        assertEquals(0, expected & ~1L, "booleans are 0 or 1");
                    }
                }
            }
            assertFalse(d.hasErrors());
        }
    }

    private String intExpr(int depth) {
        if (depth == 0) {
            return switch (random.nextInt(4)) {
                case 0 -> "entry";
                case 1 -> "va";
                case 2 -> "0x" + Long.toHexString(random.nextLong());
                default -> Integer.toString(random.nextInt(100));
            };
        }
        String a = intExpr(depth - 1);
        return switch (random.nextInt(9)) {
            case 0 -> "(" + a + " " + new String[] {"*", "+", "-", "&", "|", "^"}[random.nextInt(6)] + " " + intExpr(depth - 1) + ")";
            case 1 -> "(" + a + (random.nextBoolean() ? " << " : " >> ") + random.nextInt(64) + ")";
            case 2 -> "~" + "(" + a + ")";
            case 3 -> "-" + "(" + a + ")";
            case 4 -> {
                int hi = random.nextInt(64);
                int lo = random.nextInt(hi + 1);
                yield "(" + a + ")[" + hi + ":" + lo + "]";
            }
            case 5 -> "(" + boolExpr(depth - 1) + " ? " + a + " : " + intExpr(depth - 1) + ")";
            default -> a;
        };
    }

    private String boolExpr(int depth) {
        if (depth == 0) {
            return switch (random.nextInt(3)) {
                case 0 -> "entry[" + random.nextInt(64) + "]";
                case 1 -> random.nextBoolean() ? "true" : "false";
                default -> "(entry[7:0] " + new String[] {"<", "<=", ">", ">=", "==", "!="}[random.nextInt(6)] + " "
                        + random.nextInt(256) + ")";
            };
        }
        return switch (random.nextInt(7)) {
            case 0 -> "!" + boolExpr(depth - 1);
            case 1 -> "(" + boolExpr(depth - 1) + (random.nextBoolean() ? " && " : " || ") + boolExpr(depth - 1) + ")";
            case 2 -> "(" + boolExpr(depth - 1) + " " + new String[] {"&", "|", "^", "==", "!="}[random.nextInt(5)] + " "
                    + boolExpr(depth - 1) + ")";
            case 3 -> "(" + intExpr(depth - 1) + " " + new String[] {"<", "<=", ">", ">=", "==", "!="}[random.nextInt(6)]
                    + " " + intExpr(depth - 1) + ")";
            case 4 -> "(" + intExpr(depth - 1) + ")[" + random.nextInt(64) + "]";
            default -> boolExpr(depth - 1);
        };
    }
}
