package org.ptdesc.compiler.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;

/** The syntax stage: literals, precedence, and the limits that keep recursion bounded. */
class ParserTest {

    static Expression param(String expr) {
        Diagnostics d = new Diagnostics();
        SyntaxTree t = DescriptorParser.parse(new SourceFile("p", "param X = " + expr + ";"), d).orElseThrow();
        return ((Declaration.Param) t.declarations().getFirst()).value().orElseThrow();
    }

    @Test
    void integerLiterals() {
        assertEquals(OptionalLong.of(-1L), IntegerLiteral.parse("0xffff_ffff_ffff_ffff"));
        assertEquals(OptionalLong.of(-1L), IntegerLiteral.parse("18446744073709551615"));
        assertEquals(OptionalLong.empty(), IntegerLiteral.parse("18446744073709551616"));
        assertEquals(OptionalLong.of(5), IntegerLiteral.parse("0b101"));
        assertEquals(OptionalLong.of(1), IntegerLiteral.parse("0x0000000000000000000001"));
        assertEquals(OptionalLong.empty(), IntegerLiteral.parse("9".repeat(100_000)));
    }

    @Test
    void precedenceIsCs() {
        // a + b << c & d == e  parses as  ((a + b) << c) & (d == e)? No: == binds tighter than &.
        Expression e = param("1 + 2 << 3 & 4 == 5");
        Expression.Binary and = assertInstanceOf(Expression.Binary.class, e);
        assertEquals(Expression.BinaryOperator.BIT_AND, and.op());
        assertEquals(Expression.BinaryOperator.SHL, ((Expression.Binary) and.left()).op());
        assertEquals(Expression.BinaryOperator.EQ, ((Expression.Binary) and.right()).op());
        Expression.Unary not = assertInstanceOf(Expression.Unary.class, param("!x[3]"));
        assertInstanceOf(Expression.Slice.class, not.operand());
        Expression.Conditional c = assertInstanceOf(Expression.Conditional.class, param("a ? b : c ? d : e"));
        assertInstanceOf(Expression.Conditional.class, c.otherwise());
    }

    @Test
    void tagIsATreeItemAndStillAName() {
        Diagnostics d = new Diagnostics();
        String text = "param tag = 56; tree t { tag 63:tag \"doc\"; field tag2 [1:0]; level l bits 1 { leaf when tag == 0 -> 0; } }";
        SyntaxTree t = DescriptorParser.parse(new SourceFile("p", text), d).orElseThrow();
        assertTrue(!d.hasErrors());
        Declaration.Tree tree = assertInstanceOf(Declaration.Tree.class, t.declarations().get(1));
        TreeItem.Tag tag = assertInstanceOf(TreeItem.Tag.class, tree.items().getFirst());
        assertEquals(63, assertInstanceOf(Expression.IntLiteral.class, tag.hi()).value());
        assertEquals("tag", assertInstanceOf(Expression.NameRef.class, tag.lo()).name());
        assertEquals("doc", tag.doc());
        assertEquals(1, tag.keyword().line());
    }

    @Test
    void nestingAtTheLimitParsesOnASmallStack() throws InterruptedException {
        String deep = "(".repeat(TokenScreen.MAX_NESTING) + "1" + ")".repeat(TokenScreen.MAX_NESTING);
        String ops = "1" + " + 1".repeat(TokenScreen.MAX_OPERATORS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> ok = new AtomicReference<>(false);
        Thread t = new Thread(null, () -> {
            try {
                Diagnostics d = new Diagnostics();
                boolean a = DescriptorParser.parse(new SourceFile("p", "param X = " + deep + ";"), d).isPresent();
                boolean b = DescriptorParser.parse(new SourceFile("p", "param Y = " + ops + ";"), d).isPresent();
                ok.set(a && b && !d.hasErrors());
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();
        assertEquals(null, failure.get());
        assertTrue(ok.get());
    }

    @Test
    void beyondTheLimitIsOneLocatedError() {
        Diagnostics d = new Diagnostics();
        String text = "param X = " + "(".repeat(1 << 20);
        assertTrue(DescriptorParser.parse(new SourceFile("p", text), d).isEmpty());
        assertEquals(1, d.all().size());
        assertEquals(10 + TokenScreen.MAX_NESTING + 1, d.all().getFirst().span().column());
    }

    @Test
    void docStringsAreDecoded() {
        Diagnostics d = new Diagnostics();
        SyntaxTree t = DescriptorParser.parse(new SourceFile("p", "param X = 1 \"say \\\"hi\\\"\\n\";"), d).orElseThrow();
        assertEquals("say \"hi\"\n", ((Declaration.Param) t.declarations().getFirst()).doc());
    }
}
