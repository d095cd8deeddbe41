package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits a pair class's plain {@code translate}: the guest's level blocks, each preceded by the
 * stage 2 blocks that translate the guest entry's guest physical address (inlined by
 * {@link Stage2Inline}), and the stage 2 blocks once more for the final guest physical address.
 * One method, no loop, no call but the memory reads, no allocation; every failure and every
 * read outside memory (one handler) returns {@code NO_MAPPING}. A single-root overload, which
 * callers use without building arrays, exists when both trees have one root.
 */
final class NestedTranslateEmitter {

    private final WalkerIr guest;
    private final WalkerIr host;
    private final String owner;

    NestedTranslateEmitter(WalkerIr guest, WalkerIr host, String owner) {
        this.guest = guest;
        this.host = host;
        this.owner = owner;
    }

    void emit(ClassVisitor cv) {
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "translate", NestedTypes.TRANSLATE_N, mv -> {
            LocalSlots locals = LocalSlots.of(NestedTypes.TRANSLATE_N, false);
            RootCountError.checkArray(mv, owner, NestedTypes.GUEST_ROOT_COUNT_ERROR, locals.parameter(1),
                    guest.roots().size());
            RootCountError.checkArray(mv, owner, NestedTypes.HOST_ROOT_COUNT_ERROR, locals.parameter(2),
                    host.roots().size());
            body(mv, locals, new RootRegisters.InArray(locals.parameter(1)), new RootRegisters.InArray(locals.parameter(2)));
        });
        if (guest.roots().size() == 1 && host.roots().size() == 1) {
            GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "translate", NestedTypes.TRANSLATE_1, mv -> {
                LocalSlots locals = LocalSlots.of(NestedTypes.TRANSLATE_1, false);
                body(mv, locals, new RootRegisters.InLocals(locals.parameter(1)),
                        new RootRegisters.InLocals(locals.parameter(2)));
            });
        }
    }

    private void body(MethodVisitor mv, LocalSlots locals, RootRegisters guestRoots, RootRegisters hostRoots) {
        int mem = locals.parameter(0);
        int va = locals.lastParameter();
        int table = locals.newLong();
        int entry = locals.newLong();
        int gpa = locals.newLong();
        int hpa = locals.newLong();
        Stage2Inline stage2 = new Stage2Inline(mv, host, hostRoots, mem, locals);
        Label noMapping = new Label();
        Label unreadable = new Label();
        Label guestDone = new Label();
        RuntimeTypes.line(mv, guest.line());
        // Only the host physical address is returned, so the untagged address replaces the argument.
        Untag.emit(mv, guest, va, va);
        RootDispatchEmitter.emit(mv, guest, Operand.local(va), guestRoots, table, noMapping);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, guest,
                new LevelBlockEmitter.Slots(mem, va, -1, table, entry, -1, -1), false, noMapping,
                new LevelBlockEmitter.Continuation(gpa, guestDone, false, -1, null));
        for (int i = 0; i < guest.levels().size(); i++) {
            // gpa = the guest entry's guest physical address; hpa = where it lies in host memory
            mv.visitVarInsn(LLOAD, table);
            EntryIndex.offset(mv, Operand.local(va), guest.levels().get(i), guest.entryBytes());
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, gpa);
            stage2.plain(gpa, hpa, noMapping, unreadable);
            Label start = new Label();
            Label end = new Label();
            Label next = new Label();
            mv.visitTryCatchBlock(start, end, unreadable, RuntimeTypes.UNREADABLE);
            block.emitReadingAt(i, hpa, start, end, next);
            mv.visitLabel(next);
        }
        // Only a guest leaf reaches this (every guest block ends in a jump): gpa is final.
        mv.visitLabel(guestDone);
        stage2.plain(gpa, hpa, noMapping, unreadable);
        mv.visitVarInsn(LLOAD, hpa);
        mv.visitInsn(LRETURN);
        mv.visitLabel(unreadable);
        mv.visitInsn(POP);
        mv.visitLabel(noMapping);
        Constants.pushLong(mv, -1L);
        mv.visitInsn(LRETURN);
    }
}
