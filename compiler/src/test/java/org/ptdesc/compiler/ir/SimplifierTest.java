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
}
