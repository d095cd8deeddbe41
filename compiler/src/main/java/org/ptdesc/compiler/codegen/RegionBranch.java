package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.EntryRegion;

/**
 * Emits the test of an {@link EntryRegion}: {@code (entry & mask) != value} in 32 bits when the
 * mask allows, then, for a region with an interval, one unsigned range test (the entry minus the
 * low end, compared with the width, the sign bit flipped so that a signed compare orders it),
 * each jumping away when the entry is outside. No call, no loop.
 */
final class RegionBranch {

    private RegionBranch() {}

    /** Jumps to {@code outside} unless the entry that {@code entry} pushes is in {@code region}. */
    static void jumpUnless(MethodVisitor mv, Operand entry, EntryRegion region, Label outside) {
        long mask = region.mask();
        if (mask != 0) {
            entry.load(mv);
            if (mask >= 0 && mask <= Integer.MAX_VALUE) {
                mv.visitInsn(L2I);
                Constants.pushInt(mv, (int) mask);
                mv.visitInsn(IAND);
                if (region.value() == 0) {
                    mv.visitJumpInsn(IFNE, outside);
                } else {
                    Constants.pushInt(mv, (int) region.value());
                    mv.visitJumpInsn(IF_ICMPNE, outside);
                }
            } else {
                Constants.pushLong(mv, mask);
                mv.visitInsn(LAND);
                Constants.pushLong(mv, region.value());
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, outside);
            }
        }
        if (region.hasInterval()) {
            // entry - low <=u high - low, as a signed compare of both sides plus 2^63.
            entry.load(mv);
            Constants.pushLong(mv, Long.MIN_VALUE - region.low());
            mv.visitInsn(LADD);
            Constants.pushLong(mv, (region.high() - region.low()) ^ Long.MIN_VALUE);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFGT, outside);
        }
    }
}
