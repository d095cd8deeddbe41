package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Level;

/**
 * Emits the byte offset of an address's entry in a level's table,
 * {@code ((va >>> shift) & (entries - 1)) * entryBytes}, as one shift and one mask: the
 * multiplication by the (power of two) entry size is folded into both.
 */
final class EntryIndex {

    private EntryIndex() {}

    /** Pushes the byte offset (a long) of the entry for the address {@code va} pushes. */
    static void offset(MethodVisitor mv, Operand va, Level level, int entryBytes) {
        int scale = Integer.numberOfTrailingZeros(entryBytes);
        long mask = ((1L << level.bits()) - 1) << scale;
        int shift = level.shift() - scale;
        va.load(mv);
        if (shift > 0) {
            Constants.pushInt(mv, shift);
            mv.visitInsn(LUSHR);
        } else if (shift < 0) {
            Constants.pushInt(mv, -shift);
            mv.visitInsn(LSHL);
        }
        Constants.pushLong(mv, mask);
        mv.visitInsn(LAND);
    }
}
