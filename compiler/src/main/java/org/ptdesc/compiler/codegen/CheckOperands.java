package org.ptdesc.compiler.codegen;

import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Expr;

/**
 * Where a method keeps the inputs of permission rules: the accumulated attribute word and the
 * mode word as long locals, the access as an int local ({@code accessSlot}, -1 when the method
 * has none). {@link #NONE} is for expressions outside permission rules.
 */
record CheckOperands(Operand attributes, Operand modes, int accessSlot, Operand guest) {

    /** Without the guest inputs (every method but a pair's combined attributes). */
    CheckOperands(Operand attributes, Operand modes, int accessSlot) {
        this(attributes, modes, accessSlot, Operand.unavailable("the guest inputs"));
    }

    /** No permission inputs: using one is a bug in the emitter that called. */
    static final CheckOperands NONE = new CheckOperands(Operand.unavailable("the attribute word"),
            Operand.unavailable("the mode word"), -1);

    /** Locals: {@code attributes} and {@code modes} hold longs, {@code access} an int. */
    static CheckOperands locals(int attributes, int modes, int access) {
        return new CheckOperands(Operand.local(attributes), Operand.local(modes), access);
    }

    /** Pushes {@code input} as a long. */
    void load(MethodVisitor mv, Expr.Input input) {
        switch (input) {
            case ATTRIBUTES -> attributes.load(mv);
            case MODES -> modes.load(mv);
            case ACCESS -> {
                if (accessSlot < 0) {
                    throw new IllegalArgumentException("the access is not available in this expression");
                }
                Operand.intLocal(accessSlot).load(mv);
            }
            case GUEST -> guest.load(mv);
        }
    }
}
