package org.ptdesc.compiler.syntax;

import java.util.Optional;
import org.ptdesc.compiler.source.SourceSpan;

/**
 * An expression as written: names are not resolved and nothing is typed yet. {@code span} covers
 * the whole expression (clipped to its first line); operators also keep the span of their
 * operator token, which is where a type error about them points.
 */
public sealed interface Expression {

    SourceSpan span();

    /** An integer literal; the builder has checked that it fits in 64 bits (unsigned). */
    record IntLiteral(long value, String text, SourceSpan span) implements Expression {}

    /** {@code true} or {@code false}. */
    record BoolLiteral(boolean value, SourceSpan span) implements Expression {}

    /** {@code entry}: the entry being decoded. */
    record EntryRef(SourceSpan span) implements Expression {}

    /** {@code va}: the address being translated. */
    record VaRef(SourceSpan span) implements Expression {}

    /**
     * {@code access.NAME}: a property of the access a permission rule checks ({@code read},
     * {@code write}, {@code execute}, {@code user}); {@code propertySpan} points at NAME.
     */
    record AccessRef(String property, SourceSpan span, SourceSpan propertySpan) implements Expression {}

    /**
     * {@code guest.NAME}: an attribute of the guest tree of a pair, in a stage 2 tree's combined
     * declarations; {@code propertySpan} points at NAME.
     */
    record GuestRef(String property, SourceSpan span, SourceSpan propertySpan) implements Expression {}

    /** A name: a parameter, field, flag or root register, resolved by the checker. */
    record NameRef(String name, SourceSpan span) implements Expression {}

    /** A prefix operator applied to an operand. */
    record Unary(UnaryOperator op, Expression operand, SourceSpan span, SourceSpan opSpan) implements Expression {}

    /** A binary operator. */
    record Binary(BinaryOperator op, Expression left, Expression right, SourceSpan span, SourceSpan opSpan)
            implements Expression {}

    /** {@code condition ? then : otherwise}. */
    record Conditional(Expression condition, Expression then, Expression otherwise, SourceSpan span, SourceSpan opSpan)
            implements Expression {}

    /** {@code base[hi]} (one bit, a bool) or {@code base[hi:lo]} (an int). */
    record Slice(Expression base, Expression hi, Optional<Expression> lo, SourceSpan span, SourceSpan bracketSpan)
            implements Expression {}

    /** Prefix operators. */
    enum UnaryOperator {
        NOT("!"), INVERT("~"), NEGATE("-");

        private final String symbol;

        UnaryOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Binary operators, in the order of the grammar's precedence levels (tightest first). */
    enum BinaryOperator {
        MUL("*"), ADD("+"), SUB("-"), SHL("<<"), SHR(">>"),
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!="),
        BIT_AND("&"), BIT_XOR("^"), BIT_OR("|"), AND("&&"), OR("||");

        private final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** The operator written {@code symbol}. */
        public static BinaryOperator of(String symbol) {
            for (BinaryOperator op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }
}
