package org.ptdesc.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;

/** The lowering, checked by evaluating the IR with {@link Eval} on entries computed by hand. */
class LoweringTest {

    static WalkerIr compile(String text) {
        Compilation c = Ptdesc.compile("test.ptdesc", text, Map.of());
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        return c.trees().getFirst();
    }

    /** A one-level tree (address 21 bits, offset 12) whose level has the given body. */
    static String oneLevel(String treeItems, String rules) {
        return """
                param A = 3;
                tree t {
                    address 21 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = %s;
                %s
                    level only bits 9 {
                %s
                    }
                }
                """.formatted("r", treeItems, rules);
    }

    @Test
    void constantsAreFolded() {
        WalkerIr ir = compile(oneLevel("", """
                fault "f" when entry[0] && (A * 4 + (1 << 3) - 20 == 0) && !false;
                leaf -> ((entry >> 12) << 12) & ~((1 << 12) - 1);
                """).replace("root r = r;", "root r = (1 << 12) * 2 + A;"));
        assertEquals(new Expr.Const(0x2003), ir.roots().getFirst().table());
        // (A*4 + 8 - 20 == 0) folds to true, !false to true: only the entry bit is left.
        assertEquals(new Expr.Binary(Expr.BinaryOp.AND, Expr.ENTRY, new Expr.Const(1)),
                ir.levels().getFirst().rules().getFirst().condition());
        Rule.Leaf leaf = (Rule.Leaf) ir.levels().getFirst().rules().get(1);
        assertEquals(0x1234_5000L, Eval.eval(leaf.address(), 0x1234_5fffL, 0, 0));
        assertEquals(new Expr.Const(1), leaf.condition());
    }

    @Test
    void slicesShiftAndMask() {
        WalkerIr ir = compile(oneLevel("    field f [7:4];\n    flag b [63];", """
                fault "f" when f == 0xa && b;
                leaf -> entry[51:12] << 12;
                """));
        Expr cond = ir.levels().getFirst().rules().getFirst().condition();
        assertEquals(1, Eval.eval(cond, 0x8000_0000_0000_00abL, 0, 0));
        assertEquals(0, Eval.eval(cond, 0x0000_0000_0000_00abL, 0, 0));
        assertEquals(0, Eval.eval(cond, 0x8000_0000_0000_00bbL, 0, 0));
        Expr address = ((Rule.Leaf) ir.levels().getFirst().rules().get(1)).address();
        assertEquals(0x000f_ffff_ffff_f000L, Eval.eval(address, -1L, 0, 0));
        // A field shifted back into place costs one mask, as in a hand-written walker.
        assertEquals(new Expr.Binary(Expr.BinaryOp.AND, Expr.ENTRY, new Expr.Const(0x000f_ffff_ffff_f000L)), address);
    }

    @Test
    void pse36ConcatenatesSlicesMostSignificantFirst() {
        // IA-32 without PAE, 4 MiB page (SDM Vol. 3A Table 4-4): address bits 39:32 in PDE bits 20:13,
        // bits 31:22 in PDE bits 31:22.
        WalkerIr ir = compile("""
                tree ia32 {
                    address 32 bits;
                    offset 12 bits;
                    entry 32 bits;
                    root cr3 = cr3[31:12] << 12;
                    flag P [0];
                    flag PS [7];
                    field pse36 [20:13, 31:22];
                    level PD bits 10 {
                        invalid when !P;
                        leaf when PS -> pse36 << 22;
                        table -> entry[31:12] << 12;
                    }
                    level PT bits 10 {
                        invalid when !P;
                        leaf -> entry[31:12] << 12;
                    }
                }
                """);
        assertEquals(4, ir.entryBytes());
        Rule.Leaf leaf = (Rule.Leaf) ir.levels().getFirst().rules().get(1);
        long entry = (0x123L << 22) | (0x45L << 13) | 0x81;
        assertEquals((0x45L << 32) | (0x123L << 22), Eval.eval(leaf.address(), entry, 0, 0));
        assertEquals(List.of(22, 12), ir.levels().stream().map(Level::shift).toList());
    }

    @Test
    void attributeUpdatesKeepAndPut() {
        WalkerIr ir = compile(oneLevel("""
                    attribute w : and;
                    attribute x : or;
                    attribute key : 4 bits set;
                    attribute perms : 2 bits and;
                    attribute untouched : 3 bits set;
                """, """
                leaf -> entry[51:12] << 12 with w = entry[1], x = entry[2], key = entry[7:4], perms = entry[9:8];
                """));
        List<Attribute> attrs = ir.attributes();
        assertEquals(List.of(0, 1, 2, 6, 8), attrs.stream().map(Attribute::offset).toList());
        // and attributes start as all ones, or and set as zero.
        assertEquals(0b0000_1100_0001L, ir.attributeInit());
        AttributeUpdate u = ((Rule.Leaf) ir.levels().getFirst().rules().getFirst()).attributes();
        long entry = 0b10_1010_0010L; // perms=0b10, key=0b1010, x=0, w=1
        long acc = 0b111_11_0101_1_1L; // untouched=0b111, perms=0b11, key=0b0101, x=1, w=1
        long expected = 0b111_10_1010_1_1L; // w: 1&1, x: 1|0, key: set 1010, perms: 11&10, untouched kept
        assertEquals(expected, u.apply(acc, entry, 0));
        assertEquals(0b000_00_1111_1_0L, u.apply(0, -1L, 0));
        assertTrue(AttributeUpdate.NONE.isNone());
    }

    @Test
    void attributeValuesComeFromRuleLevelTreeThenFormat() {
        WalkerIr ir = compile("""
                format f { flag A [1]; with a = A, b = A, c = A, d = A; }
                tree t {
                    address 21 bits;
                    offset 12 bits;
                    entry 64 bits;
                    format f;
                    root r = r;
                    attribute a : set;
                    attribute b : set;
                    attribute c : set;
                    attribute d : set;
                    with c = entry[3];
                    level only bits 9 {
                        with b = entry[4];
                        leaf -> entry[51:12] << 12 with a = entry[5];
                    }
                }
                """);
        AttributeUpdate u = ((Rule.Leaf) ir.levels().getFirst().rules().getFirst()).attributes();
        assertEquals(0b0001, u.apply(0, 1L << 5, 0));
        assertEquals(0b0010, u.apply(0, 1L << 4, 0));
        assertEquals(0b0100, u.apply(0, 1L << 3, 0));
        assertEquals(0b1000, u.apply(0, 1L << 1, 0));
    }

    @Test
    void rangesAreSortedAndMerged() {
        WalkerIr ir = compile(oneLevel("""
                    range 0x5000 .. 0x6000;
                    range 0 .. 0xfff;
                    range 0x1000 .. 0x1fff;
                    range 0x1800 .. 0x2fff;
                """, "leaf -> entry[51:12] << 12;"));
        assertEquals(List.of(new WalkerIr.AddressRange(0, 0x2fff), new WalkerIr.AddressRange(0x5000, 0x6000)),
                ir.ranges());
    }

    @Test
    void severalRootsKeepDeclarationOrderAndRanges() {
        WalkerIr ir = compile("""
                tree a64 {
                    address 48 bits sign-extended;
                    offset 12 bits;
                    entry 64 bits;
                    root ttbr1 for 0xffff800000000000 .. 0xffffffffffffffff = ttbr1[47:1] << 1;
                    root ttbr0 for 0 .. 0x00007fffffffffff = ttbr0[47:1] << 1;
                    level L0 bits 9 { invalid when !entry[0]; table -> entry[47:12] << 12; }
                    level L1 bits 9 { invalid when !entry[0]; table -> entry[47:12] << 12; }
                    level L2 bits 9 { invalid when !entry[0]; table -> entry[47:12] << 12; }
                    level L3 bits 9 { invalid when !entry[0]; leaf -> entry[47:12] << 12; }
                }
                """);
        assertEquals(List.of("ttbr1", "ttbr0"), ir.roots().stream().map(Root::register).toList());
        assertEquals(0xffff_8000_0000_0000L, ir.roots().getFirst().first());
        assertEquals(1, ir.rootFor(0x1000));
        assertEquals(0xffff_ffff_fffeL, Eval.eval(ir.roots().getFirst().table(), 0, 0, -1L));
    }

    @Test
    void conditionalAndComparisonsLowerToTheirMeaning() {
        WalkerIr ir = compile(oneLevel("", """
                fault "big" when (entry[3] ? entry[15:8] : entry[7:0]) >= 0x80 || entry == 0xffffffffffffffff;
                leaf when va[20] -> (entry[51:12] << 12) * 1;
                leaf -> entry[51:12] << 12;
                """));
        Expr cond = ir.levels().getFirst().rules().getFirst().condition();
        assertEquals(1, Eval.eval(cond, 0x8000L | 0x8, 0, 0));
        assertEquals(0, Eval.eval(cond, 0x0080L | 0x8, 0, 0));
        assertEquals(1, Eval.eval(cond, 0x0080L, 0, 0));
        assertEquals(1, Eval.eval(cond, -1L, 0, 0));
        Rule.Leaf vaLeaf = (Rule.Leaf) ir.levels().getFirst().rules().get(1);
        assertEquals(1, Eval.eval(vaLeaf.condition(), 0, 1L << 20, 0));
        assertInstanceOf(Expr.Binary.class, vaLeaf.address());
    }

    @Test
    void foldingMatchesEvaluation() {
        Random random = new Random(42);
        Expr.BinaryOp[] ops = Expr.BinaryOp.values();
        for (int i = 0; i < 20_000; i++) {
            Expr.BinaryOp op = ops[random.nextInt(ops.length)];
            long a = interesting(random);
            long b = op == Expr.BinaryOp.SHL || op == Expr.BinaryOp.SHR ? random.nextInt(64) : interesting(random);
            if (op == Expr.BinaryOp.AND_ALSO || op == Expr.BinaryOp.OR_ELSE) {
                a &= 1;
                b &= 1;
            }
            long entry = random.nextLong();
            long expected = Eval.binary(op, Eval.binary(Expr.BinaryOp.XOR, entry, a), b);
            Expr folded = Simplifier.binary(op, Simplifier.binary(Expr.BinaryOp.XOR, Expr.ENTRY, new Expr.Const(a)),
                    new Expr.Const(b));
            if (op != Expr.BinaryOp.AND_ALSO && op != Expr.BinaryOp.OR_ELSE) {
                assertEquals(expected, Eval.eval(folded, entry, 0, 0), op + " " + a + " " + b);
            }
            assertEquals(Eval.binary(op, a, b), Eval.eval(Simplifier.binary(op, new Expr.Const(a), new Expr.Const(b)), 0, 0, 0));
            // The folder may assume that the operands of && and || are 0 or 1, as the checker guarantees.
            long e = op == Expr.BinaryOp.AND_ALSO || op == Expr.BinaryOp.OR_ELSE ? entry & 1 : entry;
            assertEquals(Eval.binary(op, e, b), Eval.eval(Simplifier.binary(op, Expr.ENTRY, new Expr.Const(b)), e, 0, 0),
                    op + " entry " + b);
            assertEquals(Eval.binary(op, b, e), Eval.eval(Simplifier.binary(op, new Expr.Const(b), Expr.ENTRY), e, 0, 0),
                    op + " " + b + " entry");
        }
    }

    @Test
    void shiftedSlicesAndMergedMasksKeepTheirValue() {
        Random random = new Random(43);
        for (int i = 0; i < 20_000; i++) {
            int a = random.nextInt(64);
            int width = 1 + random.nextInt(64 - a);
            int b = random.nextInt(64);
            long m = width == 64 ? -1L : (1L << width) - 1;
            Expr unfolded = new Expr.Binary(Expr.BinaryOp.SHL, new Expr.Binary(Expr.BinaryOp.AND,
                    new Expr.Binary(Expr.BinaryOp.SHR, Expr.ENTRY, new Expr.Const(a)), new Expr.Const(m)), new Expr.Const(b));
            Expr folded = Simplifier.binary(Expr.BinaryOp.SHL, Simplifier.binary(Expr.BinaryOp.AND,
                    Simplifier.binary(Expr.BinaryOp.SHR, Expr.ENTRY, new Expr.Const(a)), new Expr.Const(m)),
                    new Expr.Const(b));
            long m2 = random.nextLong();
            Expr merged = Simplifier.binary(Expr.BinaryOp.OR, folded,
                    Simplifier.binary(Expr.BinaryOp.AND, Expr.ENTRY, new Expr.Const(m2)));
            Expr plain = new Expr.Binary(Expr.BinaryOp.OR, unfolded,
                    new Expr.Binary(Expr.BinaryOp.AND, Expr.ENTRY, new Expr.Const(m2)));
            for (int k = 0; k < 4; k++) {
                long entry = k == 0 ? -1L : random.nextLong();
                assertEquals(Eval.eval(unfolded, entry, 0, 0), Eval.eval(folded, entry, 0, 0), a + " " + width + " " + b);
                assertEquals(Eval.eval(plain, entry, 0, 0), Eval.eval(merged, entry, 0, 0), a + " " + width + " " + b);
            }
        }
    }

    private static long interesting(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> -1L;
            case 2 -> 1;
            default -> random.nextLong();
        };
    }
}
