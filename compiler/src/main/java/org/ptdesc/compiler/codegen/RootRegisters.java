package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Where a generated method finds the root registers: in a {@code long[]} parameter (checked
 * for the tree's root count), or in one {@code long} parameter per root (the single- and
 * two-root overloads, which exist so that callers allocate no array).
 */
sealed interface RootRegisters {

    /** The register of root {@code index}. */
    Operand register(int index);

    /** Emits the check that the caller passed as many registers as the tree has roots. */
    void checkCount(MethodVisitor mv, String owner, int roots);

    /** The roots in the {@code long[]} in local {@code slot}. */
    record InArray(int slot) implements RootRegisters {
        @Override
        public Operand register(int index) {
            return Operand.element(slot, index);
        }

        @Override
        public void checkCount(MethodVisitor mv, String owner, int roots) {
            Label ok = new Label();
            mv.visitVarInsn(ALOAD, slot);
            mv.visitInsn(ARRAYLENGTH);
            Constants.pushInt(mv, roots);
            mv.visitJumpInsn(IF_ICMPEQ, ok);
            mv.visitVarInsn(ALOAD, slot);
            mv.visitInsn(ARRAYLENGTH);
            RootCountError.throwFor(mv, owner);
            mv.visitLabel(ok);
        }
    }

    /** The roots in long locals, one per root, in declaration order. */
    record InLocals(int... slots) implements RootRegisters {
        @Override
        public Operand register(int index) {
            return Operand.local(slots[index]);
        }

        @Override
        public void checkCount(MethodVisitor mv, String owner, int roots) {
            // The overload is only generated with its body when the counts agree.
            if (slots.length != roots) {
                throw new IllegalStateException(slots.length + " root locals for " + roots + " roots");
            }
        }
    }
}
