package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.ptdesc.compiler.ir.AddressReads;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits {@code boolean rulesReadAddress(int level)}: whether that level's rules read the walked
 * address ({@link AddressReads}), as one constant bit mask, true for a level the tree does
 * not have. Parallel walks read it to decide where a range may be cut.
 */
final class AddressReadsEmitter {

    private final WalkerIr ir;

    AddressReadsEmitter(WalkerIr ir) {
        this.ir = ir;
    }

    void emit(ClassVisitor cv) {
        long mask = 0;
        for (int i = 0; i < ir.levels().size(); i++) {
            if (AddressReads.of(ir.levels().get(i))) {
                mask |= 1L << i;
            }
        }
        long reads = mask;
        int levels = ir.levels().size();
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "rulesReadAddress", "(I)Z", mv -> {
            // if (level >>> 0 >= levels) return true; return (mask >>> level & 1) != 0;
            Label known = new Label();
            mv.visitVarInsn(ILOAD, 1);
            Constants.pushInt(mv, levels);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "compareUnsigned", "(II)I", false);
            mv.visitJumpInsn(IFLT, known);
            mv.visitInsn(ICONST_1);
            mv.visitInsn(IRETURN);
            mv.visitLabel(known);
            Constants.pushLong(mv, reads);
            mv.visitVarInsn(ILOAD, 1);
            mv.visitInsn(LUSHR);
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LAND);
            mv.visitInsn(L2I);
            mv.visitInsn(IRETURN);
        });
    }
}
