package org.ptdesc.compiler.ir;

/**
 * The meaning of {@link Expr}: evaluates an expression for one entry, address and register.
 * The reference interpreter and the constant folder both use it, so they cannot disagree.
 */
public final class Eval {

    private Eval() {}

    /** Evaluates {@code e} (outside a permission rule: its check inputs read as 0). */
    public static long eval(Expr e, long entry, long va, long register) {
        return eval(e, entry, va, register, 0, 0, 0);
    }

    /**
     * Evaluates a permission rule's condition for one leaf entry, accumulated attribute word,
     * mode word and access.
     */
    public static long permission(Expr e, long entry, long attributes, long modes, int access) {
        return eval(e, entry, 0, 0, attributes, modes, access);
    }

    /**
     * Evaluates a combined attribute of a pair ({@link Combination}) for the stage 2 leaf entry,
     * the stage 2 attribute word and the word of guest inputs.
     */
    public static long combined(Expr e, long hostEntry, long hostAttributes, long guestInputs) {
        return eval(e, hostEntry, 0, 0, hostAttributes, 0, 0, guestInputs);
    }

    private static long eval(Expr e, long entry, long va, long register, long attributes, long modes, long access) {
        return eval(e, entry, va, register, attributes, modes, access, 0);
    }

    private static long eval(Expr e, long entry, long va, long register, long attributes, long modes, long access,
            long guest) {
        return switch (e) {
            case Expr.Const c -> c.value();
            case Expr.Entry x -> entry;
            case Expr.Va x -> va;
            case Expr.Register x -> register;
            case Expr.Check x -> switch (x.input()) {
                case ATTRIBUTES -> attributes;
                case MODES -> modes;
                case ACCESS -> access;
                case GUEST -> guest;
            };
            case Expr.Unary u -> unary(u.op(), eval(u.operand(), entry, va, register, attributes, modes, access, guest));
            case Expr.Binary b -> binary(b.op(), eval(b.left(), entry, va, register, attributes, modes, access, guest),
                    eval(b.right(), entry, va, register, attributes, modes, access, guest));
            case Expr.Conditional c -> eval(c.condition(), entry, va, register, attributes, modes, access, guest) != 0
                    ? eval(c.then(), entry, va, register, attributes, modes, access, guest)
                    : eval(c.otherwise(), entry, va, register, attributes, modes, access, guest);
        };
    }

    /** Applies a unary operator. */
    public static long unary(Expr.UnaryOp op, long x) {
        return switch (op) {
            case NOT -> x == 0 ? 1 : 0;
            case INVERT -> ~x;
            case NEGATE -> -x;
        };
    }

    /** Applies a binary operator; shifts by 64 or more give 0. */
    public static long binary(Expr.BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case SHL -> Long.compareUnsigned(b, 64) >= 0 ? 0 : a << b;
            case SHR -> Long.compareUnsigned(b, 64) >= 0 ? 0 : a >>> b;
            case AND -> a & b;
            case OR -> a | b;
            case XOR -> a ^ b;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case LT -> Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case LE -> Long.compareUnsigned(a, b) <= 0 ? 1 : 0;
            case GT -> Long.compareUnsigned(a, b) > 0 ? 1 : 0;
            case GE -> Long.compareUnsigned(a, b) >= 0 ? 1 : 0;
            case AND_ALSO -> (a != 0 && b != 0) ? 1 : 0;
            case OR_ELSE -> (a != 0 || b != 0) ? 1 : 0;
        };
    }
}
