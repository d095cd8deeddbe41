package org.ptdesc.compiler.check;

import org.ptdesc.compiler.model.Term;

/**
 * Which bits of a term's value may be one, over every entry and address: a conservative
 * known-bits analysis. Used to prove leaf addresses aligned to their span (every bit below the
 * level's shift is known zero) and table addresses aligned to the entry size. Carries of
 * additions and multiplications can only move bits up, so low zero bits survive them.
 */
final class KnownBits {

    private final long entryMask;

    /** {@code entryBits}: entries are zero-extended, so bits above it are zero. */
    KnownBits(int entryBits) {
        this.entryMask = Term.mask(entryBits);
    }

    /** The bits of {@code t} that may be one. */
    long mayBeOne(Term t) {
        return switch (t) {
            case Term.Constant c -> c.value();
            case Term.EntryWord e -> entryMask;
            case Term.Address a -> -1L;
            case Term.RegisterValue r -> -1L;
            case Term.CheckWord w -> -1L;
            case Term.Poison p -> -1L;
            case Term.Slice s -> (mayBeOne(s.base()) >>> s.lo()) & Term.mask(s.width());
            case Term.Concat c -> {
                long m = 0;
                for (Term.Slice s : c.parts()) {
                    m = (s.width() >= 64 ? 0 : m << s.width()) | mayBeOne(s);
                }
                yield m;
            }
            case Term.Unary u -> switch (u.op()) {
                case NOT -> 1;
                case INVERT -> -1L;
                case NEGATE -> fromLowestBit(mayBeOne(u.operand()));
            };
            case Term.Choice c -> mayBeOne(c.then()) | mayBeOne(c.otherwise());
            case Term.Binary b -> binary(b);
        };
    }

    private long binary(Term.Binary b) {
        long l = mayBeOne(b.left());
        long r = mayBeOne(b.right());
        return switch (b.op()) {
            case BIT_AND -> l & r;
            case BIT_OR, BIT_XOR -> l | r;
            case ADD -> (l & r) == 0 ? l | r : fromLowestBit(l | r);
            case SUB -> fromLowestBit(l | r);
            case MUL -> {
                if (l == 0 || r == 0) {
                    yield 0;
                }
                int zeros = Long.numberOfTrailingZeros(l) + Long.numberOfTrailingZeros(r);
                yield zeros >= 64 ? 0 : -1L << zeros;
            }
            case SHL -> b.right() instanceof Term.Constant k ? l << k.value() : -1L;
            case SHR -> b.right() instanceof Term.Constant k ? l >>> k.value() : -1L;
            case LT, LE, GT, GE, EQ, NE, AND, OR -> 1;
        };
    }

    /** Every bit from the lowest set bit of {@code m} up (0 when {@code m} is 0). */
    private static long fromLowestBit(long m) {
        return m == 0 ? 0 : -Long.lowestOneBit(m);
    }
}
