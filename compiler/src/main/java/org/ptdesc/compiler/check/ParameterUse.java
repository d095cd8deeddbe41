package org.ptdesc.compiler.check;

import org.ptdesc.compiler.syntax.Expression;
import org.ptdesc.compiler.syntax.Member;

/**
 * Whether an expression depends on a parameter's value: it names a parameter, or a field whose
 * bounds name one. Parameters are folded into constants before the rules are analysed, so this
 * is what tells "never matches with these parameter values" (a feature switched off, a warning)
 * from "never matches, whatever the parameters" (a mistake, an error).
 */
final class ParameterUse {

    private ParameterUse() {}

    /** True when {@code e}, read in {@code scope}, names a parameter or a field with parameter bounds. */
    static boolean in(Expression e, Scope scope) {
        return switch (e) {
            case Expression.IntLiteral x -> false;
            case Expression.BoolLiteral x -> false;
            case Expression.EntryRef x -> false;
            case Expression.VaRef x -> false;
            case Expression.AccessRef x -> false;
            case Expression.GuestRef x -> false;
            case Expression.NameRef n -> scope.lookup(n.name()).map(s -> switch (s) {
                case Symbol.Param p -> true;
                case Symbol.Field f -> f.parametric();
                case Symbol.Register r -> false;
                case Symbol.Mode m -> false;
                case Symbol.Attribute a -> false;
            }).orElse(false);
            case Expression.Unary u -> in(u.operand(), scope);
            case Expression.Binary b -> in(b.left(), scope) || in(b.right(), scope);
            case Expression.Conditional c -> in(c.condition(), scope) || in(c.then(), scope) || in(c.otherwise(), scope);
            case Expression.Slice s -> in(s.base(), scope) || in(s.hi(), scope)
                    || s.lo().map(lo -> in(lo, scope)).orElse(false);
        };
    }

    /** True when a bound of one of the field's slices depends on a parameter. */
    static boolean in(Member.Field f, Scope scope) {
        for (Member.BitRange r : f.slices()) {
            if (in(r.hi(), scope) || r.lo().map(lo -> in(lo, scope)).orElse(false)) {
                return true;
            }
        }
        return false;
    }
}
