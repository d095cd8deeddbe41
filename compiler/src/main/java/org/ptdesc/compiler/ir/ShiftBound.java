package org.ptdesc.compiler.ir;

/**
 * An upper bound (unsigned) of an IR expression's value, found by following constants, masks,
 * shifts, sums and products of bounded operands; -1 (all ones) when nothing smaller is known.
 * The lowering uses it to leave out the {@code amount < 64} guard of a computed shift whose
 * amount cannot reach 64, such as {@code 2 * PKEY} for a 4-bit key.
 */
final class ShiftBound {

    private ShiftBound() {}

    static long max(Expr e) {
        return switch (e) {
            case Expr.Const c -> c.value();
            case Expr.Binary b -> binary(b);
            case Expr.Conditional c -> Long.compareUnsigned(max(c.then()), max(c.otherwise())) >= 0
                    ? max(c.then()) : max(c.otherwise());
            default -> -1L;
        };
    }

    private static long binary(Expr.Binary b) {
        long l = max(b.left());
        long r = max(b.right());
        return switch (b.op()) {
            case AND -> Long.compareUnsigned(l, r) <= 0 ? l : r;
            case SHR -> b.right() instanceof Expr.Const k && k.value() < 64 ? l >>> k.value() : l;
            case OR, XOR -> l == -1L || r == -1L ? -1L : fill(l | r);
            case ADD -> l == -1L || r == -1L || l + r < 0 || Long.compareUnsigned(l + r, l) < 0 ? -1L : l + r;
            case MUL -> l == -1L || r == -1L || (l != 0 && Long.compareUnsigned(Long.divideUnsigned(-1L, l), r) < 0)
                    ? -1L : l * r;
            case EQ, NE, LT, LE, GT, GE, AND_ALSO, OR_ELSE -> 1;
            default -> -1L;
        };
    }

    /** All ones up to the highest set bit. */
    private static long fill(long v) {
        return v == 0 ? 0 : -1L >>> Long.numberOfLeadingZeros(v);
    }
}
