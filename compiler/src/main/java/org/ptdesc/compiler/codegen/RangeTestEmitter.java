package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Emits "is this address inside these ranges" as a few comparisons with constants, choosing
 * the cheapest shape: nothing for the whole space, one sign-extension test for the two
 * canonical halves of a sign-extended address space, one shift for {@code 0 .. 2^k - 1}, and
 * unsigned comparisons (sign bit flipped) otherwise.
 */
final class RangeTestEmitter {

    private final MethodVisitor mv;
    private final Operand va;

    RangeTestEmitter(MethodVisitor mv, Operand va) {
        this.mv = mv;
        this.va = va;
    }

    /** Jumps to {@code outside} unless the address lies in one of {@code pieces} (sorted, disjoint, not adjacent). */
    void jumpIfOutside(List<AddressPieces.Piece> pieces, Label outside) {
        if (pieces.isEmpty()) {
            mv.visitJumpInsn(GOTO, outside);
            return;
        }
        int canonical = canonicalShift(pieces);
        if (canonical > 0) {
            // Valid exactly when bits 63..(64 - canonical - 1) all equal: shifting out and back changes nothing.
            va.load(mv);
            Constants.pushInt(mv, canonical);
            mv.visitInsn(LSHL);
            Constants.pushInt(mv, canonical);
            mv.visitInsn(LSHR);
            va.load(mv);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, outside);
            return;
        }
        Label inside = new Label();
        for (int i = 0; i < pieces.size() - 1; i++) {
            test(pieces.get(i), true, inside);
        }
        test(pieces.getLast(), false, outside);
        mv.visitLabel(inside);
    }

    /**
     * For the pieces {@code [0, 2^k - 1]} and {@code [-2^k, -1]} the shift {@code 63 - k} of
     * the sign-extension test, else 0.
     */
    private static int canonicalShift(List<AddressPieces.Piece> pieces) {
        if (pieces.size() != 2) {
            return 0;
        }
        AddressPieces.Piece low = pieces.get(0);
        AddressPieces.Piece high = pieces.get(1);
        long top = low.last() + 1;
        if (low.first() != 0 || Long.bitCount(top) != 1 || top < 2 || high.first() != -top || high.last() != -1L) {
            return 0;
        }
        return 63 - Long.numberOfTrailingZeros(top);
    }

    /** Jumps to {@code target} when {@code (va in piece) == when}. */
    private void test(AddressPieces.Piece p, boolean when, Label target) {
        long first = p.first();
        long last = p.last();
        if (first == 0 && last == -1L) {
            if (when) {
                mv.visitJumpInsn(GOTO, target);
            }
            return;
        }
        if (first == 0 && Long.bitCount(last + 1) == 1) {
            va.load(mv);
            Constants.pushInt(mv, Long.numberOfTrailingZeros(last + 1));
            mv.visitInsn(LUSHR);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(when ? IFEQ : IFNE, target);
            return;
        }
        va.load(mv);
        if (first == 0 || last == -1L) {
            Constants.pushLong(mv, Long.MIN_VALUE);
            mv.visitInsn(LXOR);
            if (first == 0) {
                Constants.pushLong(mv, last ^ Long.MIN_VALUE);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(when ? IFLE : IFGT, target);
            } else {
                Constants.pushLong(mv, first ^ Long.MIN_VALUE);
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(when ? IFGE : IFLT, target);
            }
            return;
        }
        // first <= va <= last  <=>  va - first <= last - first, unsigned.
        Constants.pushLong(mv, first);
        mv.visitInsn(LSUB);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        Constants.pushLong(mv, (last - first) ^ Long.MIN_VALUE);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(when ? IFLE : IFGT, target);
    }
}
