package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;

/**
 * Emits {@code translateDetailed}: the same straight-line level blocks as {@code translate},
 * plus the packed attribute word accumulated down the levels and a
 * {@link org.ptdesc.runtime.Translation} for every outcome. Each level's read has its own
 * {@code Unreadable} handler, so a table outside memory is reported with its level and the
 * physical address that could not be read.
 */
final class DetailedTranslateEmitter {

    private static final String FAILED =
            "(JIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)" + RuntimeTypes.TRANSLATION_D;

    private final WalkerIr ir;
    private final String owner;

    DetailedTranslateEmitter(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    /** Emits the {@code long[]} form and the single-root override. */
    void emit(ClassVisitor cv) {
        GeneratedMethod.overloads(cv, ir, owner, "translateDetailed", this::body,
                new GeneratedMethod.Overload(RuntimeTypes.DETAILED_N, GeneratedMethod.ANY_ROOTS),
                new GeneratedMethod.Overload(RuntimeTypes.DETAILED_1, 1));
    }

    private void body(MethodVisitor mv, RootRegisters registers, LocalSlots locals) {
        int vaSlot = locals.lastParameter();
        int table = locals.newLong();
        int entry = locals.newLong();
        int acc = locals.newLong();
        int pa = locals.newLong();
        // With a tag the untagged address gets a slot of its own: results report the caller's.
        int untagged = ir.tagLow() == 0 ? vaSlot : locals.newLong();
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(locals.parameter(0), untagged, vaSlot, table, entry, acc, pa);
        int levels = ir.levels().size();
        Label[] readStart = new Label[levels];
        Label[] readEnd = new Label[levels];
        Label[] handler = new Label[levels];
        for (int i = 0; i < levels; i++) {
            readStart[i] = new Label();
            readEnd[i] = new Label();
            handler[i] = new Label();
            mv.visitTryCatchBlock(readStart[i], readEnd[i], handler[i], RuntimeTypes.UNREADABLE);
        }
        Label outside = new Label();
        RuntimeTypes.line(mv, ir.line());
        registers.checkCount(mv, owner, ir.roots().size());
        Constants.pushLong(mv, ir.attributeInit());
        mv.visitVarInsn(LSTORE, slots.acc());
        Untag.emit(mv, ir, vaSlot, untagged);
        RootDispatchEmitter.emit(mv, ir, Operand.local(untagged), registers, slots.table(), outside);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, ir, slots, true, null);
        for (int i = 0; i < levels; i++) {
            Label next = new Label();
            block.emit(i, readStart[i], readEnd[i], next);
            mv.visitLabel(next);
        }
        mv.visitLabel(outside);
        failed(mv, vaSlot, -1, () -> Constants.pushLong(mv, 0L), Failure.OUT_OF_RANGE);
        for (int i = 0; i < levels; i++) {
            mv.visitLabel(handler[i]);
            mv.visitInsn(POP);
            failed(mv, vaSlot, i, () -> mv.visitVarInsn(LLOAD, slots.pa()), Failure.TABLE_OUTSIDE_MEMORY);
        }
    }

    private static void failed(MethodVisitor mv, int vaSlot, int level, Runnable entry, Failure failure) {
        mv.visitVarInsn(LLOAD, vaSlot);
        Constants.pushInt(mv, level);
        entry.run();
        RuntimeTypes.failure(mv, failure);
        mv.visitLdcInsn("");
        mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.TRANSLATION, "failed", FAILED, false);
        mv.visitInsn(ARETURN);
    }
}
