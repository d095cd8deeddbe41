package org.ptdesc.compiler.ir;

/**
 * Which levels read the walked address ({@code va}) in a rule's condition, table or leaf
 * address, or attribute update. A walk gives {@code va} the first address of each entry's span
 * clipped to the walked range, so at such a level a walk of part of a range can decide the
 * entry that holds the cut differently from a walk of the whole range; a parallel walk must cut
 * only at the boundaries of those levels' entries ({@code TreeWalker.rulesReadAddress}).
 */
public final class AddressReads {

    private AddressReads() {}

    /** Whether any rule of {@code level} reads {@code va}. */
    public static boolean of(Level level) {
        for (Rule rule : level.rules()) {
            if (of(rule)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code rule} reads {@code va} in its condition, its address or its attribute updates. */
    public static boolean of(Rule rule) {
        return switch (rule) {
            case Rule.Invalid r -> reads(r.condition());
            case Rule.Fault r -> reads(r.condition());
            case Rule.Table r -> reads(r.condition()) || reads(r.address()) || reads(r.attributes());
            case Rule.Leaf r -> reads(r.condition()) || reads(r.address()) || reads(r.attributes());
        };
    }

    private static boolean reads(AttributeUpdate update) {
        return reads(update.keep()) || reads(update.put());
    }

    private static boolean reads(Expr e) {
        return switch (e) {
            case Expr.Va v -> true;
            case Expr.Const c -> false;
            case Expr.Entry en -> false;
            case Expr.Register r -> false;
            case Expr.Check x -> false;
            case Expr.Unary u -> reads(u.operand());
            case Expr.Binary b -> reads(b.left()) || reads(b.right());
            case Expr.Conditional c -> reads(c.condition()) || reads(c.then()) || reads(c.otherwise());
        };
    }
}
