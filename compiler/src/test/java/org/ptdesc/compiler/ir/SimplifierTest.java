package org.ptdesc.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.ir.Expr.BinaryOp;
import org.ptdesc.compiler.ir.Expr.Const;

/** The one simplifier, by operator family: rewrites that hold for every operand value, and none that would not. */
class SimplifierTest {

    private static final Expr FLAG = new Expr.Binary(BinaryOp.AND, new Expr.Binary(BinaryOp.SHR, Expr.ENTRY, new Const(7)),
            new Const(1));

    @Test
    void logicalIdentitiesOnlyForZeroOrOneOperands() {
        assertEquals(FLAG, Simplifier.binary(BinaryOp.AND_ALSO, FLAG, new Const(1)), "a flag is 0 or 1");
        assertEquals(FLAG, Simplifier.binary(BinaryOp.OR_ELSE, new Const(0), FLAG));
        // entry && 1 is (entry != 0), not entry: it must stay.
        assertEquals(new Expr.Binary(BinaryOp.AND_ALSO, Expr.ENTRY, new Const(1)),
                Simplifier.binary(BinaryOp.AND_ALSO, Expr.ENTRY, new Const(1)));
        assertEquals(new Const(0), Simplifier.binary(BinaryOp.AND_ALSO, Expr.ENTRY, new Const(0)));
        assertEquals(new Const(1), Simplifier.binary(BinaryOp.OR_ELSE, new Const(5), Expr.ENTRY));
    }

    @Test
    void constantsMoveRightOfCommutativeOperatorsAndMasksMerge() {
        assertEquals(new Expr.Binary(BinaryOp.AND, Expr.ENTRY, new Const(0xf0)),
                Simplifier.binary(BinaryOp.AND, new Const(0xff), Simplifier.binary(BinaryOp.AND, Expr.ENTRY, new Const(0xf0f0))));
        Expr twoFlags = Simplifier.binary(BinaryOp.OR,
                new Expr.Binary(BinaryOp.AND, Expr.ENTRY, new Const(1)), new Expr.Binary(BinaryOp.AND, Expr.ENTRY, new Const(4)));
        assertEquals(new Expr.Binary(BinaryOp.AND, Expr.ENTRY, new Const(5)), twoFlags);
    }

    @Test
    void shiftsFoldAddUpAndVanish() {
        assertEquals(new Const(0), Simplifier.binary(BinaryOp.SHL, Expr.ENTRY, new Const(64)));
        assertEquals(new Expr.Binary(BinaryOp.SHR, Expr.ENTRY, new Const(12)),
                Simplifier.binary(BinaryOp.SHR, new Expr.Binary(BinaryOp.SHR, Expr.ENTRY, new Const(4)), new Const(8)));
        assertEquals(new Const(0), Simplifier.binary(BinaryOp.SHR, new Expr.Binary(BinaryOp.SHR, Expr.ENTRY, new Const(40)),
                new Const(30)), "63 < 70: nothing is left");
    }

    @Test
    void conditionalsWithAKnownConditionOrEqualBranches() {
        assertEquals(Expr.VA, Simplifier.conditional(new Const(2), Expr.VA, Expr.ENTRY));
        assertEquals(Expr.VA, Simplifier.conditional(Expr.ENTRY, Expr.VA, Expr.VA));
    }

    @Test
    void aMaskDropsTheFieldsOfAPackedWordItClears() {
        // put = ((entry >>> 61) & 4) | ((entry >>> 5) & 8), as x86_64's leaves update nx and global;
        // keeping bits 2:0 drops the global part, exactly: compare with Eval on sample entries.
        Expr nx = new Expr.Binary(BinaryOp.AND, new Expr.Binary(BinaryOp.SHR, Expr.ENTRY, new Const(61)), new Const(4));
        Expr global = new Expr.Binary(BinaryOp.AND, new Expr.Binary(BinaryOp.SHR, Expr.ENTRY, new Const(5)), new Const(8));
        Expr put = new Expr.Binary(BinaryOp.OR, nx, global);
        Expr kept = Simplifier.binary(BinaryOp.AND, put, new Const(7));
        assertEquals(nx, kept);
        // Neither side vanishes: the mask stays outside.
        Expr both = Simplifier.binary(BinaryOp.AND, put, new Const(0xc));
        assertEquals(new Expr.Binary(BinaryOp.AND, put, new Const(0xc)), both);
        for (long entry : new long[] {0, -1L, 1L << 63 | 1 << 8, 0x1234_5678_9abc_def0L}) {
            assertEquals(Eval.eval(put, entry, 0, 0) & 7, Eval.eval(kept, entry, 0, 0));
        }
    }

    @Test
    void constantsOfChainedOrsAndXorsGather() {
        Expr x = new Expr.Binary(BinaryOp.OR, Expr.ENTRY, new Const(0xf0));
        assertEquals(new Expr.Binary(BinaryOp.OR, Expr.ENTRY, new Const(0xff)), Simplifier.binary(BinaryOp.OR, x, new Const(0x0f)));
        Expr y = new Expr.Binary(BinaryOp.XOR, Expr.ENTRY, new Const(0xf0));
        assertEquals(new Expr.Binary(BinaryOp.XOR, Expr.ENTRY, new Const(0x0f)), Simplifier.binary(BinaryOp.XOR, y, new Const(0xff)));
        assertEquals(Expr.ENTRY, Simplifier.binary(BinaryOp.XOR, y, new Const(0xf0)), "x ^ k ^ k is x");
    }
}
