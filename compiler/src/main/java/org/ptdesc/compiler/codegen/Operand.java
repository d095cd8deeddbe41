package org.ptdesc.compiler.codegen;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Pushes one 64-bit input of an expression (the entry, the address, a root register) onto the
 * operand stack: from a local variable, or from an element of the roots array. Expressions are
 * emitted against operands so that one expression emitter serves every method shape.
 */
@FunctionalInterface
interface Operand {

    /** Emits the instructions that push the value as a long. */
    void load(MethodVisitor mv);

    /** The long in local variable {@code slot}. */
    static Operand local(int slot) {
        return mv -> mv.visitVarInsn(Opcodes.LLOAD, slot);
    }

    /** The int in local variable {@code slot}, widened to a long (the access). */
    static Operand intLocal(int slot) {
        return mv -> {
            mv.visitVarInsn(Opcodes.ILOAD, slot);
            mv.visitInsn(Opcodes.I2L);
        };
    }

    /** Element {@code index} of the {@code long[]} in local variable {@code arraySlot}. */
    static Operand element(int arraySlot, int index) {
        return mv -> {
            mv.visitVarInsn(Opcodes.ALOAD, arraySlot);
            Constants.pushInt(mv, index);
            mv.visitInsn(Opcodes.LALOAD);
        };
    }

    /** An operand the expression may not use (the register outside a root expression). */
    static Operand unavailable(String what) {
        return mv -> {
            throw new IllegalArgumentException(what + " is not available in this expression");
        };
    }
}
