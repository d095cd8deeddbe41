package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Lowering;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.syntax.Expression.BinaryOperator;

/**
 * What the checker can prove about permission rules without knowing the entry, the attributes
 * or the modes: whether a condition is false for every access (each of the six valid accesses
 * is substituted into the lowered condition, which the one {@link Simplifier} then folds:
 * {@code access.read && access.write} folds to false for all six, and so does
 * {@code false && x} whatever {@code x}), whether one condition implies another (its
 * {@code &&}-conjuncts include all of the other's), and which mode bits a condition reads.
 */
final class PermissionAnalysis {

    /** The access bits of org.ptdesc.runtime.Access: each kind, by privileged and by user code. */
    private static final long[] ACCESSES = {1, 2, 4, 1 | 8, 2 | 8, 4 | 8};

    private PermissionAnalysis() {}

    /** True when {@code condition} folds to false for every valid access, whatever else it reads. */
    static boolean neverDenies(Term condition) {
        Expr lowered = Lowering.expr(condition);
        for (long access : ACCESSES) {
            Expr folded = Simplifier.simplify(withAccess(lowered, access));
            if (!(folded instanceof Expr.Const c && c.value() == 0)) {
                return false;
            }
        }
        return true;
    }

    /** True when every {@code &&}-conjunct of {@code earlier} is one of {@code later}'s, so that {@code later} implies it. */
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

    /** {@code e} with the access replaced by the constant {@code access}. */
    private static Expr withAccess(Expr e, long access) {
        return switch (e) {
            case Expr.Check c when c.input() == Expr.Input.ACCESS -> new Expr.Const(access);
            case Expr.Unary u -> new Expr.Unary(u.op(), withAccess(u.operand(), access));
            case Expr.Binary b -> new Expr.Binary(b.op(), withAccess(b.left(), access), withAccess(b.right(), access));
            case Expr.Conditional c -> new Expr.Conditional(withAccess(c.condition(), access),
                    withAccess(c.then(), access), withAccess(c.otherwise(), access));
            default -> e;
        };
    }
}
