package org.ptdesc.compiler.encode;

import org.ptdesc.compiler.ir.Expr;

/**
 * Which entry bits an IR expression can depend on, for the output bits one cares about: a
 * backwards "demanded bits" pass over {@link Expr}. It over-approximates (never misses a bit
 * that matters), which is what the encoder needs to know which bits a rule decides.
 */
final class DemandedBits {

    private DemandedBits() {}

    /** The entry bits that can change the bits {@code demanded} of {@code e}'s value. */
    static long entryBits(Expr e, long demanded) {
        if (demanded == 0) {
            return 0;
        }
        return switch (e) {
            case Expr.Const c -> 0;
            case Expr.Entry x -> demanded;
            case Expr.Va x -> 0;
            case Expr.Register x -> 0;
            case Expr.Check x -> 0; // access inputs appear only in permission rules, never in decoding
            case Expr.Unary u -> switch (u.op()) {
                case NOT -> entryBits(u.operand(), -1L);
                case INVERT -> entryBits(u.operand(), demanded);
                case NEGATE -> entryBits(u.operand(), upTo(demanded));
            };
            case Expr.Binary b -> binary(b, demanded);
            case Expr.Conditional c -> entryBits(c.condition(), -1L) | entryBits(c.then(), demanded)
                    | entryBits(c.otherwise(), demanded);
        };
    }

    private static long binary(Expr.Binary b, long demanded) {
        return switch (b.op()) {
            case AND -> {
                if (b.right() instanceof Expr.Const c) {
                    yield entryBits(b.left(), demanded & c.value());
                }
                if (b.left() instanceof Expr.Const c) {
                    yield entryBits(b.right(), demanded & c.value());
                }
                yield entryBits(b.left(), demanded) | entryBits(b.right(), demanded);
            }
            case OR, XOR -> entryBits(b.left(), demanded) | entryBits(b.right(), demanded);
            case SHL -> b.right() instanceof Expr.Const k && k.value() >= 0 && k.value() < 64
                    ? entryBits(b.left(), demanded >>> k.value()) : all(b);
            case SHR -> b.right() instanceof Expr.Const k && k.value() >= 0 && k.value() < 64
                    ? entryBits(b.left(), demanded << k.value()) : all(b);
            // Carries move information upwards only.
            case ADD, SUB, MUL -> entryBits(b.left(), upTo(demanded)) | entryBits(b.right(), upTo(demanded));
            case EQ, NE, LT, LE, GT, GE, AND_ALSO, OR_ELSE -> all(b);
        };
    }

    private static long all(Expr.Binary b) {
        return entryBits(b.left(), -1L) | entryBits(b.right(), -1L);
    }

    /** Every bit up to the highest demanded one. */
    private static long upTo(long demanded) {
        return -1L >>> Long.numberOfLeadingZeros(demanded);
    }
}
