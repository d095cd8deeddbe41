package org.ptdesc.compiler.codegen;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Pushes constants with the shortest instruction for their value, so that they are immediates
 * in the bytecode and the translate method stays within the JIT's inlining budget.
 */
final class Constants {

    private Constants() {}

    static void pushLong(MethodVisitor mv, long value) {
        if (value == 0) {
            mv.visitInsn(Opcodes.LCONST_0);
        } else if (value == 1) {
            mv.visitInsn(Opcodes.LCONST_1);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    static void pushInt(MethodVisitor mv, int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    /** A string constant, or {@code null}. */
    static void pushString(MethodVisitor mv, String value) {
        if (value == null) {
            mv.visitInsn(Opcodes.ACONST_NULL);
        } else {
            mv.visitLdcInsn(value);
        }
    }
}
