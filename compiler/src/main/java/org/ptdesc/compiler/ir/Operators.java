package org.ptdesc.compiler.ir;

import org.ptdesc.compiler.syntax.Expression.BinaryOperator;
import org.ptdesc.compiler.syntax.Expression.UnaryOperator;

/**
 * The IR operator of each operator of the language: the one place where {@code &&} becomes
 * {@link Expr.BinaryOp#AND_ALSO} and {@code &} becomes {@link Expr.BinaryOp#AND}. The lowering
 * uses it to build expressions, the checker to fold constants through {@link Eval}.
 */
public final class Operators {

    private Operators() {}

    /** The IR form of a prefix operator. */
    public static Expr.UnaryOp of(UnaryOperator op) {
        return switch (op) {
            case NOT -> Expr.UnaryOp.NOT;
            case INVERT -> Expr.UnaryOp.INVERT;
            case NEGATE -> Expr.UnaryOp.NEGATE;
        };
    }

    /** The IR form of a binary operator. */
    public static Expr.BinaryOp of(BinaryOperator op) {
        return switch (op) {
            case MUL -> Expr.BinaryOp.MUL;
            case ADD -> Expr.BinaryOp.ADD;
            case SUB -> Expr.BinaryOp.SUB;
            case SHL -> Expr.BinaryOp.SHL;
            case SHR -> Expr.BinaryOp.SHR;
            case LT -> Expr.BinaryOp.LT;
            case LE -> Expr.BinaryOp.LE;
            case GT -> Expr.BinaryOp.GT;
            case GE -> Expr.BinaryOp.GE;
            case EQ -> Expr.BinaryOp.EQ;
            case NE -> Expr.BinaryOp.NE;
            case BIT_AND -> Expr.BinaryOp.AND;
            case BIT_XOR -> Expr.BinaryOp.XOR;
            case BIT_OR -> Expr.BinaryOp.OR;
            case AND -> Expr.BinaryOp.AND_ALSO;
            case OR -> Expr.BinaryOp.OR_ELSE;
        };
    }
}
