package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;

/**
 * The generated class's one cold helper, {@code rootCountError(int)}: it builds the
 * {@link IllegalArgumentException} for a call with the wrong number of roots. Keeping the
 * allocation and the message out of the translate and walk methods keeps them free of
 * {@code new} and small enough to inline.
 */
final class RootCountError {

    static final String NAME = "rootCountError";
    static final String DESCRIPTOR = "(I)Ljava/lang/IllegalArgumentException;";

    private RootCountError() {}

    /** Emits {@code throw rootCountError(<int on the stack>)}. */
    static void throwFor(MethodVisitor mv, String owner) {
        mv.visitMethodInsn(INVOKESTATIC, owner, NAME, DESCRIPTOR, false);
        mv.visitInsn(ATHROW);
    }

    /** Emits {@code throw rootCountError(given)}. */
    static void throwFor(MethodVisitor mv, String owner, int given) {
        Constants.pushInt(mv, given);
        throwFor(mv, owner);
    }

    /** Emits the helper: "tree T has N root(s) (r0, r1); this call passed M". */
    static void emitHelper(ClassVisitor cv, String treeName, java.util.List<String> registers) {
        GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, NAME, DESCRIPTOR, mv -> {
            mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
            mv.visitInsn(DUP);
            mv.visitTypeInsn(NEW, "java/lang/StringBuilder");
            mv.visitInsn(DUP);
            mv.visitLdcInsn("tree " + treeName + " has " + registers.size() + " root(s) ("
                    + String.join(", ", registers) + "); this call passed ");
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/StringBuilder", "<init>", "(Ljava/lang/String;)V", false);
            mv.visitVarInsn(ILOAD, 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "append", "(I)Ljava/lang/StringBuilder;", false);
            mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/StringBuilder", "toString", "()Ljava/lang/String;", false);
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V", false);
            mv.visitInsn(ARETURN);
        });
    }
}
