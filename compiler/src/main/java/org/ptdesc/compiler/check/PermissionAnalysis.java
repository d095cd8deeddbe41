package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.syntax.Expression.BinaryOperator;
import org.ptdesc.compiler.syntax.Expression.UnaryOperator;

/**
 * What the checker can prove about permission rules without knowing the entry, the attributes
 * or the modes: whether a condition is false for every access (each of the six valid accesses
 * substituted in turn; a sub-term is known only when the access alone decides it, with
 * {@code false && x} and {@code true || x} known whatever {@code x}), whether one condition
 * implies another (its conjuncts include all of the other's), and which mode bits a condition
 * reads. Values are computed by {@link TermEval}, so this adds no arithmetic of its own.
 */
final class PermissionAnalysis {

    /** The access bits of org.ptdesc.runtime.Access: each kind, by privileged and by user code. */
    private static final long[] ACCESSES = {1, 2, 4, 1 | 8, 2 | 8, 4 | 8};

    private PermissionAnalysis() {}

    /** True when {@code condition} is false for every valid access, whatever else it reads. */
    static boolean neverDenies(Term condition) {
        for (long access : ACCESSES) {
            OptionalLong v = known(condition, access);
            if (v.isEmpty() || v.getAsLong() != 0) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code later} holds whenever {@code earlier} does not fail to: every conjunct of {@code earlier} is one of {@code later}'s. */
    static boolean implies(Term later, Term earlier) {
        return conjuncts(later).containsAll(conjuncts(earlier));
    }

    /** The mode-word bits {@code t} reads. */
    static long modeBitsRead(Term t) {
        return switch (t) {
            case Term.Slice s when s.base() instanceof Term.CheckWord w && w.input() == Term.CheckInput.MODES ->
                    Term.mask(s.width()) << s.lo();
            case Term.CheckWord w -> w.input() == Term.CheckInput.MODES ? -1L : 0;
            case Term.Constant c -> 0;
            case Term.EntryWord e -> 0;
            case Term.Address a -> 0;
            case Term.RegisterValue r -> 0;
            case Term.Poison p -> 0;
            case Term.Slice s -> modeBitsRead(s.base());
            case Term.Concat c -> c.parts().stream().mapToLong(PermissionAnalysis::modeBitsRead).reduce(0, (a, b) -> a | b);
            case Term.Unary u -> modeBitsRead(u.operand());
            case Term.Binary b -> modeBitsRead(b.left()) | modeBitsRead(b.right());
            case Term.Choice c -> modeBitsRead(c.condition()) | modeBitsRead(c.then()) | modeBitsRead(c.otherwise());
        };
    }

    private static List<Term> conjuncts(Term t) {
        List<Term> out = new ArrayList<>();
        if (t instanceof Term.Binary b && b.op() == BinaryOperator.AND) {
            out.addAll(conjuncts(b.left()));
            out.addAll(conjuncts(b.right()));
        } else {
            out.add(t);
        }
        return out;
    }

    /** The value of {@code t} when only the access is known, or empty when something else decides it. */
    static OptionalLong known(Term t, long access) {
        return switch (t) {
            case Term.Constant c -> OptionalLong.of(c.value());
            case Term.CheckWord w -> w.input() == Term.CheckInput.ACCESS ? OptionalLong.of(access) : OptionalLong.empty();
            case Term.EntryWord e -> OptionalLong.empty();
            case Term.Address a -> OptionalLong.empty();
            case Term.RegisterValue r -> OptionalLong.empty();
            case Term.Poison p -> OptionalLong.empty();
            case Term.Concat c -> OptionalLong.empty();
            case Term.Slice s -> map(known(s.base(), access), v -> TermEval.slice(v, s.hi(), s.lo()));
            case Term.Unary u -> map(known(u.operand(), access), v -> TermEval.unary(u.op(), v));
            case Term.Choice c -> {
                OptionalLong k = known(c.condition(), access);
                yield k.isEmpty() ? OptionalLong.empty() : known(k.getAsLong() != 0 ? c.then() : c.otherwise(), access);
            }
            case Term.Binary b -> binary(b, access);
        };
    }

    private static OptionalLong binary(Term.Binary b, long access) {
        OptionalLong l = known(b.left(), access);
        OptionalLong r = known(b.right(), access);
        if (b.op() == BinaryOperator.AND && (isZero(l) || isZero(r))) {
            return OptionalLong.of(0);
        }
        if (b.op() == BinaryOperator.OR && (isNonZero(l) || isNonZero(r))) {
            return OptionalLong.of(1);
        }
        if ((b.op() == BinaryOperator.BIT_AND || b.op() == BinaryOperator.MUL) && (isZero(l) || isZero(r))) {
            return OptionalLong.of(0);
        }
        if (l.isEmpty() || r.isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(TermEval.binary(b.op(), l.getAsLong(), r.getAsLong()));
    }

    private static boolean isZero(OptionalLong v) {
        return v.isPresent() && v.getAsLong() == 0;
    }

    private static boolean isNonZero(OptionalLong v) {
        return v.isPresent() && v.getAsLong() != 0;
    }

    private static OptionalLong map(OptionalLong v, java.util.function.LongUnaryOperator f) {
        return v.isEmpty() ? v : OptionalLong.of(f.applyAsLong(v.getAsLong()));
    }
}
