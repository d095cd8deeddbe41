package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits the start of a translation in a tree with a tag ({@code tag 63:LO;}): the address with
 * bits 63..LO replaced by copies of bit LO-1, {@code (va << (64 - LO)) >> (64 - LO)} with an
 * arithmetic shift, as {@link WalkerIr#untagged} defines it. Two shifts and no branch; nothing
 * at all for a tree without a tag.
 */
final class Untag {

    private Untag() {}

    /** Stores the untagged value of the address in slot {@code from} into slot {@code to}. */
    static void emit(MethodVisitor mv, WalkerIr ir, int from, int to) {
        if (ir.tagLow() == 0) {
            return;
        }
        int shift = 64 - ir.tagLow();
        mv.visitVarInsn(LLOAD, from);
        Constants.pushInt(mv, shift);
        mv.visitInsn(LSHL);
        Constants.pushInt(mv, shift);
        mv.visitInsn(LSHR);
        mv.visitVarInsn(LSTORE, to);
    }
}
