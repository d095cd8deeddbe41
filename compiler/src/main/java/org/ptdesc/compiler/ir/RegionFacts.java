package org.ptdesc.compiler.ir;

/**
 * What is known of an expression's value for every entry of an {@link EntryRegion}: bits known
 * to be zero, bits known to be one, and unsigned bounds (an abstract evaluation, sound but not
 * complete: "unknown" is always a safe answer). The address and the register are unknown, so a
 * condition that depends on them is never decided. {@link RegionSearch} uses it to prove that
 * a region selects a rule for every entry in it, without trying the entries one by one.
 *
 * @param zeros bits known to be zero
 * @param ones bits known to be one
 * @param min an unsigned lower bound
 * @param max an unsigned upper bound
 */
record RegionFacts(long zeros, long ones, long min, long max) {

    static final RegionFacts UNKNOWN = new RegionFacts(0, 0, 0, -1L);
    static final RegionFacts BOOLEAN = new RegionFacts(~1L, 0, 0, 1);

    /** The facts made consistent: bounds narrowed by the known bits, a single value fully known. */
    static RegionFacts of(long zeros, long ones, long min, long max) {
        long lo = maxU(min, ones);
        long hi = minU(max, ~zeros);
        if (lo == hi) {
            return constant(lo);
        }
        return new RegionFacts(zeros, ones, lo, hi);
    }

    static RegionFacts constant(long v) {
        return new RegionFacts(~v, v, v, v);
    }

    /** The facts of the entry itself: its region and the width of the entry. */
    static RegionFacts entry(EntryRegion region, int entryBits) {
        long above = entryBits >= 64 ? 0 : -1L << entryBits;
        return of((region.mask() & ~region.value()) | above, region.value(), region.low(), region.high());
    }

    boolean known() {
        return min == max;
    }

    /** True when the value is non-zero for every entry of the region. */
    boolean alwaysTrue() {
        return ones != 0 || min != 0;
    }

    /** True when the value is zero for every entry of the region. */
    boolean alwaysFalse() {
        return max == 0;
    }

    /** The facts of {@code e} over the region whose entry has {@code entry}. */
    static RegionFacts of(Expr e, RegionFacts entry) {
        return switch (e) {
            case Expr.Const c -> constant(c.value());
            case Expr.Entry x -> entry;
            case Expr.Va x -> UNKNOWN;
            case Expr.Register x -> UNKNOWN;
            case Expr.Check x -> UNKNOWN; // access, modes, attributes: any value
            case Expr.Unary u -> unary(u.op(), of(u.operand(), entry));
            case Expr.Binary b -> binary(b.op(), of(b.left(), entry), of(b.right(), entry));
            case Expr.Conditional c -> {
                RegionFacts condition = of(c.condition(), entry);
                if (condition.alwaysTrue()) {
                    yield of(c.then(), entry);
                }
                if (condition.alwaysFalse()) {
                    yield of(c.otherwise(), entry);
                }
                RegionFacts a = of(c.then(), entry);
                RegionFacts b = of(c.otherwise(), entry);
                yield of(a.zeros & b.zeros, a.ones & b.ones, minU(a.min, b.min), maxU(a.max, b.max));
            }
        };
    }

    private static RegionFacts unary(Expr.UnaryOp op, RegionFacts x) {
        if (x.known()) {
            return constant(Eval.unary(op, x.min));
        }
        return switch (op) {
            case NOT -> x.alwaysTrue() ? constant(0) : x.alwaysFalse() ? constant(1) : BOOLEAN;
            case INVERT -> of(x.ones, x.zeros, ~x.max, ~x.min);
            case NEGATE -> UNKNOWN;
        };
    }

    private static RegionFacts binary(Expr.BinaryOp op, RegionFacts l, RegionFacts r) {
        if (l.known() && r.known()) {
            return constant(Eval.binary(op, l.min, r.min));
        }
        return switch (op) {
            case AND -> of(l.zeros | r.zeros, l.ones & r.ones, 0, minU(l.max, r.max));
            case OR -> of(l.zeros & r.zeros, l.ones | r.ones, maxU(l.min, r.min), -1L);
            case XOR -> of((l.zeros & r.zeros) | (l.ones & r.ones), (l.ones & r.zeros) | (l.zeros & r.ones), 0, -1L);
            case SHL -> shift(l, r, true);
            case SHR -> shift(l, r, false);
            case ADD -> Long.compareUnsigned(l.max, ~r.max) <= 0 ? of(0, 0, l.min + r.min, l.max + r.max) : UNKNOWN;
            case SUB, MUL -> UNKNOWN;
            case EQ -> differ(l, r) ? constant(0) : BOOLEAN;
            case NE -> differ(l, r) ? constant(1) : BOOLEAN;
            case LT -> Long.compareUnsigned(l.max, r.min) < 0 ? constant(1)
                    : Long.compareUnsigned(l.min, r.max) >= 0 ? constant(0) : BOOLEAN;
            case LE -> Long.compareUnsigned(l.max, r.min) <= 0 ? constant(1)
                    : Long.compareUnsigned(l.min, r.max) > 0 ? constant(0) : BOOLEAN;
            case GT -> binary(Expr.BinaryOp.LT, r, l);
            case GE -> binary(Expr.BinaryOp.LE, r, l);
            case AND_ALSO -> l.alwaysFalse() || r.alwaysFalse() ? constant(0)
                    : l.alwaysTrue() && r.alwaysTrue() ? constant(1) : BOOLEAN;
            case OR_ELSE -> l.alwaysTrue() || r.alwaysTrue() ? constant(1)
                    : l.alwaysFalse() && r.alwaysFalse() ? constant(0) : BOOLEAN;
        };
    }

    /** Shifts by a known amount move the known bits; the bits shifted in are zeros. */
    private static RegionFacts shift(RegionFacts l, RegionFacts r, boolean left) {
        if (!r.known()) {
            return UNKNOWN;
        }
        long k = r.min;
        if (Long.compareUnsigned(k, 64) >= 0) {
            return constant(0);
        }
        int n = (int) k;
        if (left) {
            return of((l.zeros << n) | ~(-1L << n), l.ones << n, 0, -1L);
        }
        return of((l.zeros >>> n) | ~(-1L >>> n), l.ones >>> n, l.min >>> n, l.max >>> n);
    }

    /** True when the two values can never be equal: a bit known one in one is known zero in the other, or the bounds are apart. */
    private static boolean differ(RegionFacts l, RegionFacts r) {
        return ((l.ones & r.zeros) | (l.zeros & r.ones)) != 0
                || Long.compareUnsigned(l.max, r.min) < 0 || Long.compareUnsigned(r.max, l.min) < 0;
    }

    private static long minU(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private static long maxU(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }
}
