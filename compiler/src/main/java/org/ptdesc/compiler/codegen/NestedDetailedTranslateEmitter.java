package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;

/**
 * Emits a pair class's {@code translateDetailed}: the guest's detailed level blocks, each
 * preceded by the detailed stage 2 blocks for the guest entry's guest physical address, and
 * the stage 2 blocks again for the final guest physical address, in one method. Every outcome
 * becomes the {@link org.ptdesc.runtime.NestedTranslation} the reference
 * ({@code NestedInterpreter}) returns: the stage that failed, the guest level whose table
 * stage 2 could not translate, the guest physical address, and each stage's
 * {@link org.ptdesc.runtime.Translation}.
 */
final class NestedDetailedTranslateEmitter {

    private final WalkerIr guest;
    private final WalkerIr host;
    private final String owner;

    NestedDetailedTranslateEmitter(WalkerIr guest, WalkerIr host, String owner) {
        this.guest = guest;
        this.host = host;
        this.owner = owner;
    }

    void emit(ClassVisitor cv) {
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "translateDetailed", NestedTypes.DETAILED_N, this::body);
    }

    private void body(MethodVisitor mv) {
        LocalSlots locals = LocalSlots.of(NestedTypes.DETAILED_N, false);
        int mem = locals.parameter(0);
        int va = locals.lastParameter();
        RootCountError.checkArray(mv, owner, NestedTypes.GUEST_ROOT_COUNT_ERROR, locals.parameter(1), guest.roots().size());
        RootCountError.checkArray(mv, owner, NestedTypes.HOST_ROOT_COUNT_ERROR, locals.parameter(2), host.roots().size());
        int untagged = guest.tagLow() == 0 ? va : locals.newLong();
        int table = locals.newLong();
        int entry = locals.newLong();
        int acc = locals.newLong();
        int gpa = locals.newLong();
        int hpa = locals.newLong();
        int guestResult = locals.newInt();
        int hostResult = locals.newInt();
        int hostFailure = locals.newInt();
        Stage2Inline stage2 = new Stage2Inline(mv, host, new RootRegisters.InArray(locals.parameter(2)), mem, locals);
        int levels = guest.levels().size();
        Label outside = new Label();
        Label guestFailed = new Label();
        Label guestDone = new Label();
        Label finalFailed = new Label();
        Label[] tableFailed = new Label[levels];
        Label[] unreadable = new Label[levels];
        RuntimeTypes.line(mv, guest.line());
        Constants.pushLong(mv, guest.attributeInit());
        mv.visitVarInsn(LSTORE, acc);
        Untag.emit(mv, guest, va, untagged);
        RootDispatchEmitter.emit(mv, guest, Operand.local(untagged), new RootRegisters.InArray(locals.parameter(1)),
                table, outside);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, guest,
                new LevelBlockEmitter.Slots(mem, untagged, va, table, entry, acc, hpa), true, null,
                new LevelBlockEmitter.Continuation(guestResult, guestDone, true, guestResult, guestFailed));
        for (int i = 0; i < levels; i++) {
            tableFailed[i] = new Label();
            unreadable[i] = new Label();
            mv.visitVarInsn(LLOAD, table);
            EntryIndex.offset(mv, Operand.local(untagged), guest.levels().get(i), guest.entryBytes());
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, gpa);
            stage2.detailed(gpa, hpa, false, hostFailure, tableFailed[i]);
            Label start = new Label();
            Label end = new Label();
            Label next = new Label();
            mv.visitTryCatchBlock(start, end, unreadable[i], RuntimeTypes.UNREADABLE);
            block.emitReadingAt(i, hpa, start, end, next);
            mv.visitLabel(next);
        }
        // A guest leaf: its Translation is in guestResult; translate its guest physical address.
        mv.visitLabel(guestDone);
        mv.visitVarInsn(ALOAD, guestResult);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.TRANSLATION, "pa", "()J", false);
        mv.visitVarInsn(LSTORE, gpa);
        stage2.detailed(gpa, hostResult, true, hostFailure, finalFailed);
        mv.visitVarInsn(LLOAD, va);
        mv.visitVarInsn(ALOAD, guestResult);
        mv.visitVarInsn(ALOAD, hostResult);
        mv.visitMethodInsn(INVOKESTATIC, NestedTypes.NESTED_TRANSLATION, "mapped", NestedTypes.MAPPED, false);
        mv.visitInsn(ARETURN);

        mv.visitLabel(finalFailed);
        hostFailed(mv, va, -1, gpa, () -> mv.visitVarInsn(ALOAD, guestResult), hostFailure);

        mv.visitLabel(outside);
        translationFailed(mv, va, -1, () -> Constants.pushLong(mv, 0L), Failure.OUT_OF_RANGE);
        mv.visitVarInsn(ASTORE, guestResult);
        mv.visitLabel(guestFailed);
        mv.visitVarInsn(LLOAD, va);
        mv.visitVarInsn(ALOAD, guestResult);
        Constants.pushLong(mv, -1L);
        mv.visitMethodInsn(INVOKESTATIC, NestedTypes.NESTED_TRANSLATION, "guestFailed", NestedTypes.GUEST_FAILED, false);
        mv.visitInsn(ARETURN);

        for (int i = 0; i < levels; i++) {
            // Stage 2 could not translate the guest table entry's guest physical address.
            mv.visitLabel(tableFailed[i]);
            hostFailed(mv, va, i, gpa, () -> mv.visitInsn(ACONST_NULL), hostFailure);
            // Stage 2 maps the entry outside host memory: a guest table outside memory.
            mv.visitLabel(unreadable[i]);
            mv.visitInsn(POP);
            mv.visitVarInsn(LLOAD, va);
            translationFailed(mv, va, i, () -> mv.visitVarInsn(LLOAD, hpa), Failure.TABLE_OUTSIDE_MEMORY);
            mv.visitVarInsn(LLOAD, gpa);
            mv.visitMethodInsn(INVOKESTATIC, NestedTypes.NESTED_TRANSLATION, "guestFailed", NestedTypes.GUEST_FAILED,
                    false);
            mv.visitInsn(ARETURN);
        }
    }

    private static void hostFailed(MethodVisitor mv, int va, int guestLevel, int gpa, Runnable guestTranslation,
            int hostFailure) {
        mv.visitVarInsn(LLOAD, va);
        Constants.pushInt(mv, guestLevel);
        mv.visitVarInsn(LLOAD, gpa);
        guestTranslation.run();
        mv.visitVarInsn(ALOAD, hostFailure);
        mv.visitMethodInsn(INVOKESTATIC, NestedTypes.NESTED_TRANSLATION, "hostFailed", NestedTypes.HOST_FAILED, false);
        mv.visitInsn(ARETURN);
    }

    /** Pushes {@code Translation.failed(va, level, entry, kind, "")}. */
    private static void translationFailed(MethodVisitor mv, int va, int level, Runnable entry, Failure kind) {
        mv.visitVarInsn(LLOAD, va);
        Constants.pushInt(mv, level);
        entry.run();
        RuntimeTypes.failure(mv, kind);
        mv.visitLdcInsn("");
        mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.TRANSLATION, "failed", NestedTypes.TRANSLATION_FAILED, false);
    }
}
