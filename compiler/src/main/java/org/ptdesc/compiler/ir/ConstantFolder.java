package org.ptdesc.compiler.ir;

/**
 * Builds IR expressions with constants folded (through {@link Eval}, so folding cannot disagree
 * with interpretation) and the identities that slices and attribute updates produce removed:
 * {@code x & -1}, {@code x | 0}, shifts by 0, {@code x & 0}, and masks of masks.
 */
public final class ConstantFolder {

    private ConstantFolder() {}

    /** {@code op x}, folded. */
    public static Expr unary(Expr.UnaryOp op, Expr x) {
        if (x instanceof Expr.Const c) {
            return new Expr.Const(Eval.unary(op, c.value()));
        }
        return new Expr.Unary(op, x);
    }

    /** {@code l op r}, folded. */
    public static Expr binary(Expr.BinaryOp op, Expr l, Expr r) {
        if (l instanceof Expr.Const a && r instanceof Expr.Const b) {
            return new Expr.Const(Eval.binary(op, a.value(), b.value()));
        }
        if (r instanceof Expr.Const c) {
            long v = c.value();
            switch (op) {
                case AND -> {
                    if (v == -1L) {
                        return l;
                    }
                    if (v == 0) {
                        return new Expr.Const(0);
                    }
                    if (l instanceof Expr.Binary inner && inner.op() == Expr.BinaryOp.AND
                            && inner.right() instanceof Expr.Const m) {
                        return binary(Expr.BinaryOp.AND, inner.left(), new Expr.Const(m.value() & v));
                    }
                }
                case OR, XOR, ADD, SUB, SHL, SHR -> {
                    if (v == 0) {
                        return l;
                    }
                }
                case MUL -> {
                    if (v == 1) {
                        return l;
                    }
                    if (v == 0) {
                        return new Expr.Const(0);
                    }
                }
                case AND_ALSO -> {
                    return v != 0 ? l : new Expr.Const(0);
                }
                case OR_ELSE -> {
                    if (v == 0) {
                        return l;
                    }
                    return new Expr.Const(1);
                }
                default -> { }
            }
        }
        if (l instanceof Expr.Const c) {
            long v = c.value();
            switch (op) {
                case AND -> {
                    if (v == -1L) {
                        return r;
                    }
                    if (v == 0) {
                        return new Expr.Const(0);
                    }
                }
                case OR, XOR, ADD -> {
                    if (v == 0) {
                        return r;
                    }
                }
                case MUL -> {
                    if (v == 1) {
                        return r;
                    }
                    if (v == 0) {
                        return new Expr.Const(0);
                    }
                }
                case SHL, SHR -> {
                    if (v == 0) {
                        return new Expr.Const(0);
                    }
                }
                case AND_ALSO -> {
                    return v != 0 ? r : new Expr.Const(0);
                }
                case OR_ELSE -> {
                    return v != 0 ? new Expr.Const(1) : r;
                }
                default -> { }
            }
        }
        return new Expr.Binary(op, l, r);
    }

    /** {@code c ? a : b}, folded. */
    public static Expr conditional(Expr c, Expr a, Expr b) {
        if (c instanceof Expr.Const k) {
            return k.value() != 0 ? a : b;
        }
        return new Expr.Conditional(c, a, b);
    }
}
