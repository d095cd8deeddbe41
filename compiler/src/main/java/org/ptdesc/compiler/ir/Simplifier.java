package org.ptdesc.compiler.ir;

import org.ptdesc.compiler.ir.Expr.Binary;
import org.ptdesc.compiler.ir.Expr.BinaryOp;
import org.ptdesc.compiler.ir.Expr.Const;

/**
 * The one simplification of IR expressions: constants folded through {@link Eval} (so folding
 * cannot disagree with interpretation), the identities of each operator removed, and the
 * shift-mask-shift chains that field slices leave behind merged
 * ({@code entry[51:12] << 12} becomes {@code entry & 0x000f_ffff_ffff_f000}). The lowering builds
 * every expression through {@link #unary}, {@link #binary} and {@link #conditional}; the code
 * generator runs {@link #simplify} over hand-built IR, so that the bytecode (whose size decides
 * inlining) is already small. Every rewrite is exact for all operand values, not only for the
 * values the lowering produces, so the generated code cannot drift from the interpreter.
 */
public final class Simplifier {

    private Simplifier() {}

    /** {@code e} with every part simplified, bottom up. */
    public static Expr simplify(Expr e) {
        return switch (e) {
            case Const c -> c;
            case Expr.Entry x -> x;
            case Expr.Va x -> x;
            case Expr.Register x -> x;
            case Expr.Unary u -> unary(u.op(), simplify(u.operand()));
            case Binary b -> binary(b.op(), simplify(b.left()), simplify(b.right()));
            case Expr.Conditional c -> conditional(simplify(c.condition()), simplify(c.then()), simplify(c.otherwise()));
        };
    }

    /** {@code op x}, folded. */
    public static Expr unary(Expr.UnaryOp op, Expr x) {
        return x instanceof Const c ? new Const(Eval.unary(op, c.value())) : new Expr.Unary(op, x);
    }

    /** {@code c ? a : b}, folded. */
    public static Expr conditional(Expr c, Expr a, Expr b) {
        if (c instanceof Const k) {
            return k.value() != 0 ? a : b;
        }
        return a.equals(b) ? a : new Expr.Conditional(c, a, b);
    }

    /** {@code l op r}, folded: constants moved to the right of commutative operators, then by family. */
    public static Expr binary(BinaryOp op, Expr l, Expr r) {
        if (l instanceof Const a && r instanceof Const b) {
            return new Const(Eval.binary(op, a.value(), b.value()));
        }
        if (commutative(op) && l instanceof Const && !(r instanceof Const)) {
            Expr t = l;
            l = r;
            r = t;
        }
        return switch (op) {
            case ADD, SUB, MUL -> arithmetic(op, l, r);
            case SHL, SHR -> shift(op, l, r);
            case AND -> and(l, r);
            case OR, XOR -> orXor(op, l, r);
            case EQ, NE, LT, LE, GT, GE -> new Binary(op, l, r);
            case AND_ALSO, OR_ELSE -> logical(op, l, r);
        };
    }

    private static boolean commutative(BinaryOp op) {
        return switch (op) {
            case ADD, MUL, AND, OR, XOR, EQ, NE, AND_ALSO, OR_ELSE -> true;
            case SUB, SHL, SHR, LT, LE, GT, GE -> false;
        };
    }

    /** {@code x + 0}, {@code x - 0}, {@code x * 1} are {@code x}; {@code x * 0} is 0. */
    private static Expr arithmetic(BinaryOp op, Expr l, Expr r) {
        if (r instanceof Const c) {
            if (c.value() == 0 && op != BinaryOp.MUL || c.value() == 1 && op == BinaryOp.MUL) {
                return l;
            }
            if (c.value() == 0) {
                return new Const(0);
            }
        }
        return new Binary(op, l, r);
    }

    /**
     * Shifts by 64 or more give 0, by 0 nothing; shifts of shifts add up; and
     * {@code ((x >>> a) & m) << b}, the shape of every {@code field << b}, becomes one shift and
     * one mask: {@code (x >>> (a - b)) & (m << b)}, or {@code (x << (b - a)) & (m << b)}, and for
     * the usual {@code a == b} just {@code x & (m << b)}.
     */
    private static Expr shift(BinaryOp op, Expr l, Expr r) {
        if (l instanceof Const c && c.value() == 0) {
            return new Const(0);
        }
        if (!(r instanceof Const amount)) {
            return new Binary(op, l, r);
        }
        if (Long.compareUnsigned(amount.value(), 64) >= 0) {
            return new Const(0);
        }
        int n = (int) amount.value();
        if (n == 0) {
            return l;
        }
        if (l instanceof Binary inner && inner.op() == op && inner.right() instanceof Const a) {
            return shift(op, inner.left(), new Const(a.value() + n));
        }
        if (op == BinaryOp.SHL
                && l instanceof Binary masked && masked.op() == BinaryOp.AND && masked.right() instanceof Const m
                && masked.left() instanceof Binary down && down.op() == BinaryOp.SHR && down.right() instanceof Const a) {
            int from = (int) a.value();
            Expr x = down.left();
            Expr moved = from == n ? x
                    : from > n ? shift(BinaryOp.SHR, x, new Const(from - n))
                    : shift(BinaryOp.SHL, x, new Const(n - from));
            return and(moved, new Const(m.value() << n));
        }
        return new Binary(op, l, new Const(n));
    }

    /** {@code x & 0} is 0, {@code x & -1} is {@code x}; masks of masks merge. */
    private static Expr and(Expr l, Expr r) {
        if (!(r instanceof Const c)) {
            return new Binary(BinaryOp.AND, l, r);
        }
        if (c.value() == 0) {
            return new Const(0);
        }
        if (c.value() == -1L) {
            return l;
        }
        if (l instanceof Binary inner && inner.op() == BinaryOp.AND && inner.right() instanceof Const m) {
            return and(inner.left(), new Const(m.value() & c.value()));
        }
        return new Binary(BinaryOp.AND, l, r);
    }

    /** {@code x | 0} and {@code x ^ 0} are {@code x}; {@code (x & m1) | (x & m2)} is {@code x & (m1 | m2)}. */
    private static Expr orXor(BinaryOp op, Expr l, Expr r) {
        if (r instanceof Const c && c.value() == 0) {
            return l;
        }
        if (op == BinaryOp.OR && l instanceof Binary a && r instanceof Binary b
                && a.op() == BinaryOp.AND && b.op() == BinaryOp.AND && a.left().equals(b.left())
                && a.right() instanceof Const ma && b.right() instanceof Const mb) {
            // Neighbouring flags packed into the attribute word.
            return and(a.left(), new Const(ma.value() | mb.value()));
        }
        return new Binary(op, l, r);
    }

    /**
     * {@code x && 0} is 0 and {@code x || 1} is 1; {@code x && 1} and {@code x || 0} are
     * {@code x} when {@code x} is known to be 0 or 1 (they are {@code x != 0} otherwise).
     */
    private static Expr logical(BinaryOp op, Expr l, Expr r) {
        if (r instanceof Const c) {
            boolean absorbing = op == BinaryOp.AND_ALSO ? c.value() == 0 : c.value() != 0;
            if (absorbing) {
                return new Const(op == BinaryOp.AND_ALSO ? 0 : 1);
            }
            if (zeroOrOne(l)) {
                return l;
            }
        }
        return new Binary(op, l, r);
    }

    /** True when {@code e} can only be 0 or 1, by its shape. */
    static boolean zeroOrOne(Expr e) {
        return switch (e) {
            case Const c -> c.value() == 0 || c.value() == 1;
            case Expr.Unary u -> u.op() == Expr.UnaryOp.NOT;
            case Binary b -> switch (b.op()) {
                case EQ, NE, LT, LE, GT, GE, AND_ALSO, OR_ELSE -> true;
                case AND -> zeroOrOne(b.left()) || zeroOrOne(b.right());
                case OR, XOR -> zeroOrOne(b.left()) && zeroOrOne(b.right());
                case SHR -> b.right() instanceof Const n && n.value() == 63;
                default -> false;
            };
            case Expr.Conditional c -> zeroOrOne(c.then()) && zeroOrOne(c.otherwise());
            default -> false;
        };
    }
}
