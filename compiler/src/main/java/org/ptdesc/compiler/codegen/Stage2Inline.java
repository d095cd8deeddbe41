package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;

/**
 * Emits one stage 2 translation inline, inside a nested walker's method: the stage 2 tree's
 * root choice and level blocks (the same {@link LevelBlockEmitter} blocks as its own walker's),
 * translating the guest physical address in a local, ending in the code that follows instead of
 * a return. A nested walker emits one per guest table read and one for the final guest
 * physical address, so a nested translation makes no call but the memory reads. Each use
 * registers its own exception ranges; the stage 2 locals are shared by all uses of a method.
 */
final class Stage2Inline {

    private static final String FAILED =
            "(JIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)" + RuntimeTypes.TRANSLATION_D;

    private final MethodVisitor mv;
    private final WalkerIr host;
    private final RootRegisters registers;
    private final int mem;
    private final int table;
    private final int entry;
    private final int acc;
    private final int pa;
    private final int untagged;

    /** Stage 2 blocks of {@code host} in a method whose locals {@code locals} hands out. */
    Stage2Inline(MethodVisitor mv, WalkerIr host, RootRegisters registers, int mem, LocalSlots locals) {
        this.mv = mv;
        this.host = host;
        this.registers = registers;
        this.mem = mem;
        this.table = locals.newLong();
        this.entry = locals.newLong();
        this.acc = locals.newLong();
        this.pa = locals.newLong();
        this.untagged = host.tagLow() == 0 ? -1 : locals.newLong();
    }

    /**
     * The plain form: the host physical address of the guest physical address in {@code gpa}
     * into long local {@code result}, then falls through; every failure, and a stage 2 table
     * outside memory (through {@code unreadable}, a handler that pops the exception), jumps
     * to {@code failed}.
     */
    void plain(int gpa, int result, Label failed, Label unreadable) {
        int va = untag(gpa);
        Label done = new Label();
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(mem, va, -1, table, entry, -1, -1);
        RootDispatchEmitter.emit(mv, host, Operand.local(va), registers, table, failed);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, host, slots, false, failed,
                new LevelBlockEmitter.Continuation(result, done, false, -1, null));
        levels(block, unreadable, null);
        mv.visitLabel(done);
    }

    /**
     * The form checked for an access: as {@link #plain}, and then the stage 2 tree's permission
     * rules ({@code gate}, whose attribute updates go out of line) on the leaf, through the
     * class's private static rule method {@code rules} (a {@link AccessTranslateEmitter#PACKED_CHECK_DESCRIPTOR}
     * method of {@code owner}) for the access in int local {@code accessSlot} under the mode
     * word in long local {@code modesSlot}; a denial jumps to {@code denied}.
     */
    void checked(int gpa, int result, AccessGate gate, int accessSlot, int modesSlot, String owner, String rules,
            Label failed, Label unreadable, Label denied) {
        int va = untag(gpa);
        if (gate.readsAttributes()) {
            Constants.pushLong(mv, host.attributeInit());
            mv.visitVarInsn(LSTORE, acc);
        }
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(mem, va, -1, table, entry, acc, pa);
        RootDispatchEmitter.emit(mv, host, Operand.local(va), registers, table, failed);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, host, slots, failed, gate,
                CheckOperands.locals(acc, modesSlot, accessSlot));
        levels(block, unreadable, null);
        // Every stage 2 block ends in a jump: only the leaves reach the check.
        mv.visitLabel(gate.check());
        mv.visitVarInsn(LLOAD, entry);
        mv.visitVarInsn(LLOAD, va);
        if (gate.readsAttributes()) {
            mv.visitVarInsn(LLOAD, acc);
        } else {
            mv.visitInsn(LCONST_0);
        }
        mv.visitVarInsn(ILOAD, accessSlot);
        mv.visitVarInsn(LLOAD, modesSlot);
        mv.visitVarInsn(LLOAD, pa);
        mv.visitMethodInsn(INVOKESTATIC, owner, rules, AccessTranslateEmitter.PACKED_CHECK_DESCRIPTOR, false);
        mv.visitVarInsn(LSTORE, result);
        mv.visitVarInsn(LLOAD, result);
        Constants.pushLong(mv, -2L);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, denied);
    }

    /**
     * The detailed form: on success {@code result} holds the host physical address (a long)
     * or, with {@code leafTranslation}, the stage 2 {@link org.ptdesc.runtime.Translation}, and
     * the code falls through; on failure the stage 2 {@code Translation} that says why (as
     * the stage 2 walker's {@code translateDetailed} would return it) is in reference local
     * {@code failure} and the code jumps to {@code failed}.
     */
    void detailed(int gpa, int result, boolean leafTranslation, int failure, Label failed) {
        int va = untag(gpa);
        Label done = new Label();
        Label outside = new Label();
        Label[] handlers = new Label[host.levels().size()];
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = new Label();
        }
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(mem, va, gpa, table, entry, acc, pa);
        Constants.pushLong(mv, host.attributeInit());
        mv.visitVarInsn(LSTORE, acc);
        RootDispatchEmitter.emit(mv, host, Operand.local(va), registers, table, outside);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, host, slots, true, null,
                new LevelBlockEmitter.Continuation(result, done, leafTranslation, failure, failed));
        levels(block, null, handlers);
        mv.visitLabel(outside);
        translationFailed(gpa, -1, () -> Constants.pushLong(mv, 0L), Failure.OUT_OF_RANGE, failure, failed);
        for (int i = 0; i < handlers.length; i++) {
            mv.visitLabel(handlers[i]);
            mv.visitInsn(POP);
            translationFailed(gpa, i, () -> mv.visitVarInsn(LLOAD, pa), Failure.TABLE_OUTSIDE_MEMORY, failure, failed);
        }
        mv.visitLabel(done);
    }

    /** The level blocks; each read's exceptions go to {@code shared}, or to its own of {@code perLevel}. */
    private void levels(LevelBlockEmitter block, Label shared, Label[] perLevel) {
        for (int i = 0; i < host.levels().size(); i++) {
            Label start = new Label();
            Label end = new Label();
            mv.visitTryCatchBlock(start, end, perLevel == null ? shared : perLevel[i], RuntimeTypes.UNREADABLE);
            Label next = new Label();
            block.emit(i, start, end, next);
            mv.visitLabel(next);
        }
    }

    /** The slot the stage 2 tree translates: {@code gpa}, or its untagged copy. */
    private int untag(int gpa) {
        if (untagged < 0) {
            return gpa;
        }
        Untag.emit(mv, host, gpa, untagged);
        return untagged;
    }

    private void translationFailed(int gpa, int level, Runnable entryValue, Failure kind, int failure, Label failed) {
        mv.visitVarInsn(LLOAD, gpa);
        Constants.pushInt(mv, level);
        entryValue.run();
        RuntimeTypes.failure(mv, kind);
        mv.visitLdcInsn("");
        mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.TRANSLATION, "failed", FAILED, false);
        mv.visitVarInsn(ASTORE, failure);
        mv.visitJumpInsn(GOTO, failed);
    }
}
