package org.ptdesc.compiler.model;

import java.util.List;
import org.ptdesc.compiler.syntax.Expression.BinaryOperator;
import org.ptdesc.compiler.syntax.Expression.UnaryOperator;

/**
 * A checked expression: names resolved (parameters became constants, fields and flags became
 * slices of the entry), every node typed, constant sub-terms folded. What the lowering turns into
 * IR expressions.
 */
public sealed interface Term {

    Type type();

    /** A constant; booleans are 0 or 1. */
    record Constant(long value, Type type) implements Term {}

    /** The entry being decoded (zero-extended). */
    record EntryWord() implements Term {
        public Type type() {
            return Type.INT;
        }
    }

    /** The address being translated. */
    record Address() implements Term {
        public Type type() {
            return Type.INT;
        }
    }

    /** The root register, inside its root's expression. */
    record RegisterValue() implements Term {
        public Type type() {
            return Type.INT;
        }
    }

    /**
     * A word a permission rule reads: the accumulated attributes, the mode word or the access
     * ({@code org.ptdesc.runtime.Access} bits), each zero-extended.
     */
    record CheckWord(CheckInput input) implements Term {
        public Type type() {
            return Type.INT;
        }
    }

    /**
     * The inputs of a permission rule besides the leaf entry; {@code GUEST} is the guest's
     * inputs of a stage 2 tree's combined declarations (the guest attributes the tree declares,
     * packed in declaration order), in those declarations only.
     */
    enum CheckInput {
        ATTRIBUTES, MODES, ACCESS, GUEST
    }

    /** A prefix operation. */
    record Unary(UnaryOperator op, Term operand, Type type) implements Term {}

    /** A binary operation; shift amounts are constants in 0..63, except in permission rules, where a shift by 64 or more gives 0. */
    record Binary(BinaryOperator op, Term left, Term right, Type type) implements Term {}

    /** {@code condition ? then : otherwise}. */
    record Choice(Term condition, Term then, Term otherwise, Type type) implements Term {}

    /** Bits {@code hi..lo} of {@code base}, shifted down to bit 0 (a bool when written {@code x[n]}). */
    record Slice(Term base, int hi, int lo, Type type) implements Term {
        public int width() {
            return hi - lo + 1;
        }
    }

    /** Slices concatenated, the first one most significant (x86 PSE-36 addresses). */
    record Concat(List<Slice> parts) implements Term {
        public Concat {
            parts = List.copyOf(parts);
        }

        public Type type() {
            return Type.INT;
        }

        public int width() {
            return parts.stream().mapToInt(Slice::width).sum();
        }
    }

    /** Stands for a term that failed to check (already reported). */
    record Poison(Type type) implements Term {}

    Term TRUE = new Constant(1, Type.BOOL);
    Term ENTRY = new EntryWord();

    /** A mask of the low {@code width} bits (all ones for 64). */
    static long mask(int width) {
        return width >= 64 ? -1L : (1L << width) - 1;
    }

    /** True when this term or a part of it failed to check. */
    default boolean poisoned() {
        return switch (this) {
            case Poison p -> true;
            case Constant c -> false;
            case EntryWord e -> false;
            case Address a -> false;
            case RegisterValue r -> false;
            case CheckWord w -> false;
            case Unary u -> u.operand().poisoned();
            case Binary b -> b.left().poisoned() || b.right().poisoned();
            case Choice c -> c.condition().poisoned() || c.then().poisoned() || c.otherwise().poisoned();
            case Slice s -> s.base().poisoned();
            case Concat c -> c.parts().stream().anyMatch(Term::poisoned);
        };
    }
}
