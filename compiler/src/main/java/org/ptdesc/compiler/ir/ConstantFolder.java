package org.ptdesc.compiler.ir;

/**
 * Builds IR expressions with constants folded (through {@link Eval}, so folding cannot disagree
 * with interpretation) and the identities that slices and attribute updates produce removed:
 * {@code x & -1}, {@code x | 0}, shifts by 0, {@code x & 0}, masks of masks, and a shifted
 * slice turned into one shift and one mask.
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
                case SHL -> {
                    if (v == 0) {
                        return l;
                    }
                    Expr moved = shiftedSlice(l, v);
                    if (moved != null) {
                        return moved;
                    }
                }
                case OR, XOR, ADD, SUB, SHR -> {
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
        if (op == Expr.BinaryOp.OR && l instanceof Expr.Binary a && r instanceof Expr.Binary b
                && a.op() == Expr.BinaryOp.AND && b.op() == Expr.BinaryOp.AND && a.left().equals(b.left())
                && a.right() instanceof Expr.Const ma && b.right() instanceof Expr.Const mb) {
            // (x & m1) | (x & m2): neighbouring flags packed into the attribute word.
            return binary(Expr.BinaryOp.AND, a.left(), new Expr.Const(ma.value() | mb.value()));
        }
        return new Expr.Binary(op, l, r);
    }

    /**
     * {@code ((x >>> a) & m) << b}, the shape of every {@code field << b}, as one shift and one
     * mask: {@code (x >>> (a - b)) & (m << b)}, or {@code (x << (b - a)) & (m << b)}; for the
     * usual {@code a == b} just {@code x & (m << b)}. Exact when {@code m} has no bit that the
     * first shift has emptied. Null when {@code l} has another shape.
     */
    private static Expr shiftedSlice(Expr l, long b) {
        if (l instanceof Expr.Binary and && and.op() == Expr.BinaryOp.AND && and.right() instanceof Expr.Const m
                && and.left() instanceof Expr.Binary shr && shr.op() == Expr.BinaryOp.SHR
                && shr.right() instanceof Expr.Const a && a.value() >= 0 && a.value() < 64 && b > 0 && b < 64
                && (m.value() & ~(-1L >>> a.value())) == 0) {
            Expr x = shr.left();
            Expr moved = b <= a.value() ? binary(Expr.BinaryOp.SHR, x, new Expr.Const(a.value() - b))
                    : binary(Expr.BinaryOp.SHL, x, new Expr.Const(b - a.value()));
            return binary(Expr.BinaryOp.AND, moved, new Expr.Const(m.value() << b));
        }
        return null;
    }

    /** {@code c ? a : b}, folded. */
    public static Expr conditional(Expr c, Expr a, Expr b) {
        if (c instanceof Expr.Const k) {
            return k.value() != 0 ? a : b;
        }
        return new Expr.Conditional(c, a, b);
    }
}
