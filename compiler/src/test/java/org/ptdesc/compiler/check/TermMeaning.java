package org.ptdesc.compiler.check;

import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.syntax.Expression.BinaryOperator;
import org.ptdesc.compiler.syntax.Expression.UnaryOperator;

/**
 * A test oracle: the meaning of a checked {@link Term}, written straight from the language
 * manual's operator table, independent of the lowering, the simplifier and the IR's evaluator
 * that the compiler itself uses. Shifts by 64 or more give 0.
 */
final class TermMeaning {

    private TermMeaning() {}

    /** Evaluates {@code t}; a poisoned term evaluates to 0. */
    static long eval(Term t, long entry, long va, long register) {
        return switch (t) {
            case Term.Constant c -> c.value();
            case Term.EntryWord e -> entry;
            case Term.Address a -> va;
            case Term.RegisterValue r -> register;
            case Term.Poison p -> 0;
            case Term.Unary u -> unary(u.op(), eval(u.operand(), entry, va, register));
            case Term.Binary b -> binary(b.op(), eval(b.left(), entry, va, register), eval(b.right(), entry, va, register));
            case Term.Choice c -> eval(c.condition(), entry, va, register) != 0
                    ? eval(c.then(), entry, va, register)
                    : eval(c.otherwise(), entry, va, register);
            case Term.Slice s -> slice(eval(s.base(), entry, va, register), s.hi(), s.lo());
            case Term.Concat c -> {
                long v = 0;
                for (Term.Slice s : c.parts()) {
                    v = (s.width() >= 64 ? 0 : v << s.width()) | eval(s, entry, va, register);
                }
                yield v;
            }
        };
    }

    /** Bits {@code hi..lo} of {@code v}. */
    static long slice(long v, int hi, int lo) {
        return (v >>> lo) & Term.mask(hi - lo + 1);
    }

    /** A prefix operator. */
    static long unary(UnaryOperator op, long x) {
        return switch (op) {
            case NOT -> x == 0 ? 1 : 0;
            case INVERT -> ~x;
            case NEGATE -> -x;
        };
    }

    /** A binary operator (comparisons unsigned, results of tests 0 or 1). */
    static long binary(BinaryOperator op, long a, long b) {
        return switch (op) {
            case MUL -> a * b;
            case ADD -> a + b;
            case SUB -> a - b;
            case SHL -> Long.compareUnsigned(b, 64) >= 0 ? 0 : a << b;
            case SHR -> Long.compareUnsigned(b, 64) >= 0 ? 0 : a >>> b;
            case LT -> Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case LE -> Long.compareUnsigned(a, b) <= 0 ? 1 : 0;
            case GT -> Long.compareUnsigned(a, b) > 0 ? 1 : 0;
            case GE -> Long.compareUnsigned(a, b) >= 0 ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case BIT_AND -> a & b;
            case BIT_XOR -> a ^ b;
            case BIT_OR -> a | b;
            case AND -> (a != 0 && b != 0) ? 1 : 0;
            case OR -> (a != 0 || b != 0) ? 1 : 0;
        };
    }
}
