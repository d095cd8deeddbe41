package org.ptdesc.compiler.ir;

/**
 * One rule of a level, tried in order: the first whose condition is non-zero decides what the
 * entry is. {@code line} is the descriptor line the rule comes from.
 */
public sealed interface Rule {

    Expr condition();

    int line();

    /** Nothing is mapped here (the present predicate is false). */
    record Invalid(Expr condition, int line) implements Rule {}

    /** The entry is malformed; {@code message} says how (from the descriptor). */
    record Fault(Expr condition, String message, int line) implements Rule {}

    /** The entry points to the next level's table at {@code address}. */
    record Table(Expr condition, Expr address, AttributeUpdate attributes, int line) implements Rule {}

    /**
     * The entry maps a whole entry span; {@code address} is the physical address of its first
     * byte, aligned to the span (the checker proves it).
     */
    record Leaf(Expr condition, Expr address, AttributeUpdate attributes, int line) implements Rule {}
}
