package org.ptdesc.compiler.check;

import org.ptdesc.compiler.model.Term;

/**
 * Which entry bits can change the value of a term (a demanded-bits analysis), and whether the
 * term reads anything but the entry. A rule condition reading few entry bits can then be decided
 * by trying every assignment of those bits.
 */
final class EntryBits {

    private boolean readsOther;

    /** True once a term analysed so far read {@code va} or a register. */
    boolean readsOther() {
        return readsOther;
    }

    /** The entry bits that can change the bits {@code demanded} of {@code t}. */
    long of(Term t, long demanded) {
        if (demanded == 0) {
            return 0;
        }
        return switch (t) {
            case Term.Constant c -> 0;
            case Term.EntryWord e -> demanded;
            case Term.Address a -> other();
            case Term.RegisterValue r -> other();
            case Term.CheckWord w -> other();
            case Term.Poison p -> other();
            case Term.Slice s -> of(s.base(), (demanded & Term.mask(s.width())) << s.lo());
            case Term.Concat c -> {
                long bits = 0;
                int offset = c.width();
                for (Term.Slice s : c.parts()) {
                    offset -= s.width();
                    bits |= of(s, (demanded >>> offset) & Term.mask(s.width()));
                }
                yield bits;
            }
            case Term.Unary u -> switch (u.op()) {
                case NOT -> of(u.operand(), (demanded & 1) != 0 ? -1L : 0);
                case INVERT -> of(u.operand(), demanded);
                case NEGATE -> of(u.operand(), upTo(demanded));
            };
            case Term.Choice c -> of(c.condition(), -1L) | of(c.then(), demanded) | of(c.otherwise(), demanded);
            case Term.Binary b -> binary(b, demanded);
        };
    }

    private long binary(Term.Binary b, long d) {
        return switch (b.op()) {
            case BIT_AND -> {
                if (b.right() instanceof Term.Constant c) {
                    yield of(b.left(), d & c.value());
                }
                if (b.left() instanceof Term.Constant c) {
                    yield of(b.right(), d & c.value());
                }
                yield of(b.left(), d) | of(b.right(), d);
            }
            case BIT_OR, BIT_XOR -> of(b.left(), d) | of(b.right(), d);
            case ADD, SUB, MUL -> of(b.left(), upTo(d)) | of(b.right(), upTo(d));
            case SHL -> b.right() instanceof Term.Constant k ? of(b.left(), d >>> k.value()) : of(b.left(), -1L);
            case SHR -> b.right() instanceof Term.Constant k ? of(b.left(), d << k.value()) : of(b.left(), -1L);
            case LT, LE, GT, GE, EQ, NE, AND, OR -> (d & 1) == 0 ? 0 : of(b.left(), -1L) | of(b.right(), -1L);
        };
    }

    private long other() {
        readsOther = true;
        return 0;
    }

    /** Bits 0 up to the highest demanded bit: carries only travel upward. */
    private static long upTo(long d) {
        return d == 0 ? 0 : -1L >>> Long.numberOfLeadingZeros(d);
    }
}
