package org.ptdesc.compiler.ir;

import java.util.List;

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

    /**
     * The entry points to the next level's table at {@code address}; {@code sets} are the entry
     * bits an encoder writes that decoding leaves open.
     */
    record Table(Expr condition, Expr address, AttributeUpdate attributes, int line, List<EntrySetting> sets)
            implements Rule {
        public Table {
            sets = List.copyOf(sets);
        }

        /** A table rule without {@code sets}. */
        public Table(Expr condition, Expr address, AttributeUpdate attributes, int line) {
            this(condition, address, attributes, line, List.of());
        }
    }

    /**
     * The entry maps a whole entry span; {@code address} is the physical address of its first
     * byte, aligned to the span (the checker proves it).
     */
    record Leaf(Expr condition, Expr address, AttributeUpdate attributes, int line, List<EntrySetting> sets)
            implements Rule {
        public Leaf {
            sets = List.copyOf(sets);
        }

        /** A leaf rule without {@code sets}. */
        public Leaf(Expr condition, Expr address, AttributeUpdate attributes, int line) {
            this(condition, address, attributes, line, List.of());
        }
    }

    /**
     * One item of a {@code sets} clause: the entry field {@code field} (an expression over the
     * entry) gets {@code value} when an encoder writes the entry; {@code line} and {@code column}
     * locate it in the descriptor.
     */
    record EntrySetting(String name, Expr field, long value, int line, int column) {}
}
