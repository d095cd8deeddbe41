package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.NestedWalker;

/**
 * Emits a pair class's access-checked {@code translate(host, guestRoots, hostRoots, va, int
 * access, long guestModes, long hostModes)}: the plain nested translate's straight line (guest
 * level blocks, stage 2 blocks inlined before each guest table read and for the final guest
 * physical address), with stage 2's permission rules checked on each guest table read as a
 * {@link NestedWalker#TABLE_READ} and on the final address for the access, and the guest's
 * rules on the guest leaf. The rules and the attribute updates live in private static methods
 * of the class ({@code guestCheckedAddress}, {@code hostCheckedAddress} and the
 * {@link AttributeSteps}), so the one method stays below HotSpot's compile limit; it allocates
 * nothing and calls nothing else but the memory reads and {@code Access.require}. A denial
 * returns {@code DENIED}, every failure {@code NO_MAPPING}.
 */
final class NestedAccessTranslateEmitter {

    static final String GUEST_RULES = "guestCheckedAddress";
    static final String HOST_RULES = "hostCheckedAddress";

    private static final long DENIED = -2L;

    private final WalkerIr guest;
    private final WalkerIr host;
    private final String owner;

    NestedAccessTranslateEmitter(WalkerIr guest, WalkerIr host, String owner) {
        this.guest = guest;
        this.host = host;
        this.owner = owner;
    }

    void emit(ClassVisitor cv) {
        AttributeSteps steps = new AttributeSteps(owner);
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "translate", NestedTypes.TRANSLATE_N_ACCESS, mv -> {
            LocalSlots locals = LocalSlots.of(NestedTypes.TRANSLATE_N_ACCESS, false);
            RootCountError.checkArray(mv, owner, NestedTypes.GUEST_ROOT_COUNT_ERROR, locals.parameter(1),
                    guest.roots().size());
            RootCountError.checkArray(mv, owner, NestedTypes.HOST_ROOT_COUNT_ERROR, locals.parameter(2),
                    host.roots().size());
            body(mv, locals, steps, new RootRegisters.InArray(locals.parameter(1)),
                    new RootRegisters.InArray(locals.parameter(2)));
        });
        if (guest.roots().size() == 1 && host.roots().size() == 1) {
            GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "translate", NestedTypes.TRANSLATE_1_ACCESS, mv -> {
                LocalSlots locals = LocalSlots.of(NestedTypes.TRANSLATE_1_ACCESS, false);
                body(mv, locals, steps, new RootRegisters.InLocals(locals.parameter(1)),
                        new RootRegisters.InLocals(locals.parameter(2)));
            });
        }
        steps.emit(cv);
        if (!guest.permissions().isEmpty()) {
            GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, GUEST_RULES, AccessTranslateEmitter.PACKED_CHECK_DESCRIPTOR,
                    mv -> AccessTranslateEmitter.packedCheckedAddress(mv, guest));
        }
        if (!host.permissions().isEmpty()) {
            GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, HOST_RULES, AccessTranslateEmitter.PACKED_CHECK_DESCRIPTOR,
                    mv -> AccessTranslateEmitter.packedCheckedAddress(mv, host));
        }
    }

    /** Parameters: (mem, guest roots..., host roots..., va, int access, long guestModes, long hostModes). */
    private void body(MethodVisitor mv, LocalSlots locals, AttributeSteps steps, RootRegisters guestRoots,
            RootRegisters hostRoots) {
        int mem = locals.parameter(0);
        int hostModes = locals.lastParameter();
        int guestModes = locals.fromEnd(1);
        int access = locals.fromEnd(2);
        int va = locals.fromEnd(3);
        int table = locals.newLong();
        int entry = locals.newLong();
        int acc = locals.newLong();
        int gpa = locals.newLong();
        int hpa = locals.newLong();
        int stage2Access = locals.newInt();
        Stage2Inline stage2 = new Stage2Inline(mv, host, hostRoots, mem, locals);
        Label noMapping = new Label();
        Label unreadable = new Label();
        Label denied = new Label();
        Label guestDone = new Label();
        RuntimeTypes.line(mv, guest.line());
        // An invalid access is the caller's bug, refused as the other engines refuse it.
        mv.visitVarInsn(ILOAD, access);
        mv.visitMethodInsn(INVOKESTATIC, NestedTypes.ACCESS, "require", "(I)I", false);
        mv.visitInsn(POP);
        Constants.pushInt(mv, NestedWalker.TABLE_READ);
        mv.visitVarInsn(ISTORE, stage2Access);
        AccessGate guestGate = guest.permissions().isEmpty() ? null : AccessGate.packed(guest.permissions(), steps);
        if (guestGate != null && guestGate.readsAttributes()) {
            Constants.pushLong(mv, guest.attributeInit());
            mv.visitVarInsn(LSTORE, acc);
        }
        // Only the host physical address is returned, so the untagged address replaces the argument.
        Untag.emit(mv, guest, va, va);
        RootDispatchEmitter.emit(mv, guest, Operand.local(va), guestRoots, table, noMapping);
        LevelBlockEmitter block = guestGate == null
                ? new LevelBlockEmitter(mv, guest, new LevelBlockEmitter.Slots(mem, va, -1, table, entry, -1, -1), false,
                        noMapping, new LevelBlockEmitter.Continuation(gpa, guestDone, false, -1, null))
                : new LevelBlockEmitter(mv, guest, new LevelBlockEmitter.Slots(mem, va, -1, table, entry, acc, gpa),
                        noMapping, guestGate, CheckOperands.locals(acc, guestModes, access));
        for (int i = 0; i < guest.levels().size(); i++) {
            // gpa = the guest entry's guest physical address; hpa = where it lies in host memory
            mv.visitVarInsn(LLOAD, table);
            EntryIndex.offset(mv, Operand.local(va), guest.levels().get(i), guest.entryBytes());
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, gpa);
            stage2(mv, stage2, steps, gpa, hpa, stage2Access, hostModes, noMapping, unreadable, denied);
            Label start = new Label();
            Label end = new Label();
            Label next = new Label();
            mv.visitTryCatchBlock(start, end, unreadable, RuntimeTypes.UNREADABLE);
            block.emitReadingAt(i, hpa, start, end, next);
            mv.visitLabel(next);
        }
        // Only a guest leaf reaches this (every guest block ends in a jump): gpa is final.
        if (guestGate == null) {
            mv.visitLabel(guestDone);
        } else {
            mv.visitLabel(guestGate.check());
            mv.visitVarInsn(LLOAD, entry);
            mv.visitVarInsn(LLOAD, va);
            if (guestGate.readsAttributes()) {
                mv.visitVarInsn(LLOAD, acc);
            } else {
                mv.visitInsn(LCONST_0);
            }
            mv.visitVarInsn(ILOAD, access);
            mv.visitVarInsn(LLOAD, guestModes);
            mv.visitVarInsn(LLOAD, gpa);
            mv.visitMethodInsn(INVOKESTATIC, owner, GUEST_RULES, AccessTranslateEmitter.PACKED_CHECK_DESCRIPTOR, false);
            mv.visitVarInsn(LSTORE, gpa);
            mv.visitVarInsn(LLOAD, gpa);
            Constants.pushLong(mv, DENIED);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, denied);
        }
        // Stage 2 checks the final address for the access itself, kind and user flag.
        mv.visitVarInsn(ILOAD, access);
        mv.visitVarInsn(ISTORE, stage2Access);
        stage2(mv, stage2, steps, gpa, hpa, stage2Access, hostModes, noMapping, unreadable, denied);
        mv.visitVarInsn(LLOAD, hpa);
        mv.visitInsn(LRETURN);
        mv.visitLabel(unreadable);
        mv.visitInsn(POP);
        mv.visitLabel(noMapping);
        Constants.pushLong(mv, -1L);
        mv.visitInsn(LRETURN);
        mv.visitLabel(denied);
        Constants.pushLong(mv, DENIED);
        mv.visitInsn(LRETURN);
    }

    /** One inlined stage 2 translation of {@code gpa} into {@code hpa}, checked when stage 2 has rules. */
    private void stage2(MethodVisitor mv, Stage2Inline stage2, AttributeSteps steps, int gpa, int hpa, int access,
            int modes, Label noMapping, Label unreadable, Label denied) {
        if (host.permissions().isEmpty()) {
            stage2.plain(gpa, hpa, noMapping, unreadable);
            return;
        }
        stage2.checked(gpa, hpa, AccessGate.packed(host.permissions(), steps), access, modes, owner, HOST_RULES, noMapping,
                unreadable, denied);
    }
}
