package org.ptdesc.compiler.codegen;

import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Expr.Binary;
import org.ptdesc.compiler.ir.Expr.BinaryOp;
import org.ptdesc.compiler.ir.Expr.Const;

/**
 * Folds what the IR still leaves foldable before bytecode is emitted. The lowering folds as it
 * builds ({@link org.ptdesc.compiler.ir.ConstantFolder}); this pass works on whole trees, so it
 * also catches constant subtrees of hand-built IR, the identities of each operator, and the
 * shift-mask-shift chains that field slices leave behind
 * ({@code entry[51:12] << 12} becomes {@code entry & 0x000f_ffff_ffff_f000}). Every rewrite
 * keeps {@link Eval}'s meaning exactly, so the generated code cannot drift from the
 * interpreter; the folding happens here rather than in the JIT so that the bytecode (and its
 * size, which decides inlining) is already small.
 */
final class ExprSimplifier {

    private ExprSimplifier() {}

    /** {@code e} with every foldable part folded. */
    static Expr fold(Expr e) {
        return switch (e) {
            case Const c -> c;
            case Expr.Entry x -> x;
            case Expr.Va x -> x;
            case Expr.Register x -> x;
            case Expr.Check x -> x;
            case Expr.Unary u -> {
                Expr operand = fold(u.operand());
                yield operand instanceof Const c ? new Const(Eval.unary(u.op(), c.value())) : new Expr.Unary(u.op(), operand);
            }
            case Binary b -> binary(b.op(), fold(b.left()), fold(b.right()));
            case Expr.Conditional c -> {
                Expr condition = fold(c.condition());
                Expr then = fold(c.then());
                Expr otherwise = fold(c.otherwise());
                if (condition instanceof Const k) {
                    yield k.value() != 0 ? then : otherwise;
                }
                yield then.equals(otherwise) ? then : new Expr.Conditional(condition, then, otherwise);
            }
        };
    }

    private static Expr binary(BinaryOp op, Expr left, Expr right) {
        if (left instanceof Const l && right instanceof Const r) {
            return new Const(Eval.binary(op, l.value(), r.value()));
        }
        if (commutative(op) && left instanceof Const) {
            Expr t = left;
            left = right;
            right = t;
        }
        if (!(right instanceof Const rc)) {
            return new Binary(op, left, right);
        }
        long c = rc.value();
        return switch (op) {
            case ADD, OR, XOR -> c == 0 ? left : new Binary(op, left, right);
            case SUB -> c == 0 ? left : new Binary(op, left, right);
            case MUL -> c == 1 ? left : c == 0 ? new Const(0) : new Binary(op, left, right);
            case AND -> and(left, c);
            case SHL, SHR -> shift(op, left, c);
            case AND_ALSO -> c == 0 ? new Const(0) : new Binary(op, left, right);
            case OR_ELSE -> c != 0 ? new Const(1) : new Binary(op, left, right);
            case EQ, NE, LT, LE, GT, GE -> new Binary(op, left, right);
        };
    }

    private static boolean commutative(BinaryOp op) {
        return switch (op) {
            case ADD, MUL, AND, OR, XOR, EQ, NE, AND_ALSO, OR_ELSE -> true;
            case SUB, SHL, SHR, LT, LE, GT, GE -> false;
        };
    }

    private static Expr and(Expr left, long mask) {
        if (mask == 0) {
            return new Const(0);
        }
        if (mask == -1) {
            return left;
        }
        if (left instanceof Binary inner && inner.op() == BinaryOp.AND && inner.right() instanceof Const m) {
            return and(inner.left(), m.value() & mask);
        }
        return new Binary(BinaryOp.AND, left, new Const(mask));
    }

    private static Expr shift(BinaryOp op, Expr left, long amount) {
        if (Long.compareUnsigned(amount, 64) >= 0) {
            return new Const(0);
        }
        if (amount == 0) {
            return left;
        }
        int n = (int) amount;
        if (left instanceof Binary inner && inner.op() == op && inner.right() instanceof Const a) {
            return shift(op, inner.left(), a.value() + n);
        }
        // ((x >>> a) & m) << b: the slice-then-place pattern of fields used as addresses.
        if (op == BinaryOp.SHL
                && left instanceof Binary masked && masked.op() == BinaryOp.AND && masked.right() instanceof Const m
                && masked.left() instanceof Binary down && down.op() == BinaryOp.SHR && down.right() instanceof Const a) {
            int from = (int) a.value();
            long placed = m.value() << n;
            Expr x = down.left();
            Expr moved = from == n ? x
                    : from > n ? shift(BinaryOp.SHR, x, from - n)
                    : shift(BinaryOp.SHL, x, n - from);
            return and(moved, placed);
        }
        return new Binary(op, left, new Const(n));
    }
}
