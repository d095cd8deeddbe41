package org.ptdesc.compiler.ir;

/**
 * An IR expression: a pure function of the entry being decoded, the input address and (in a
 * root expression) the root register. Every value is a 64-bit word; conditions are 0 or 1.
 * Slices, concatenations, fields and parameters are gone by now: the lowering turns them into
 * shifts, masks and constants, and folds what is constant.
 */
public sealed interface Expr {

    /** A constant. */
    record Const(long value) implements Expr {}

    /** The raw entry read at this level, zero-extended to 64 bits. */
    record Entry() implements Expr {}

    /** The input (virtual) address being translated. */
    record Va() implements Expr {}

    /** The root register value (only in a root's expression). */
    record Register() implements Expr {}

    /**
     * An input of a permission rule: the accumulated attribute word, the mode word, or the
     * access ({@code org.ptdesc.runtime.Access} bits, zero-extended). Only in permission rules.
     */
    record Check(Input input) implements Expr {}

    /**
     * The inputs of a permission rule besides the leaf entry; {@code GUEST}, only in a stage 2
     * tree's combined attributes ({@link Combination}), is the word of guest inputs.
     */
    enum Input {
        ATTRIBUTES, MODES, ACCESS, GUEST
    }

    /** A unary operation. */
    record Unary(UnaryOp op, Expr operand) implements Expr {}

    /**
     * A binary operation. Shift amounts are {@link Const} in [0, 63], except in permission rules,
     * where the lowering guards a variable amount so that 64 or more gives 0.
     */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {}

    /** {@code condition != 0 ? then : otherwise}. */
    record Conditional(Expr condition, Expr then, Expr otherwise) implements Expr {}

    /** Unary operators. */
    enum UnaryOp {
        /** Logical not: 1 when the operand is 0, else 0. */
        NOT,
        /** Bitwise complement. */
        INVERT,
        /** Two's complement negation. */
        NEGATE
    }

    /** Binary operators. Comparisons are unsigned and give 0 or 1; AND_ALSO / OR_ELSE take 0/1 operands. */
    enum BinaryOp {
        ADD, SUB, MUL,
        SHL, SHR,
        AND, OR, XOR,
        EQ, NE, LT, LE, GT, GE,
        AND_ALSO, OR_ELSE
    }

    Expr TRUE = new Const(1);
    Expr FALSE = new Const(0);
    Expr ENTRY = new Entry();
    Expr VA = new Va();
    Expr REGISTER = new Register();
}
