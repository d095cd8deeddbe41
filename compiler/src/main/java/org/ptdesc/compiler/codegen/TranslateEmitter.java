package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits the plain {@code translate} methods: the range check and root choice, then one
 * straight-line block per level, no loop and no call but the entry reads, no allocation. A
 * read outside memory lands in one exception handler that returns {@code NO_MAPPING}, so
 * {@code Unreadable} never escapes; so do all failures, whose details only
 * {@code translateDetailed} reports. With a tag, two shifts first untag the address. Small enough for the JIT to inline into a caller's loop.
 */
final class TranslateEmitter {

    private final WalkerIr ir;
    private final String owner;

    TranslateEmitter(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    /** Emits all plain translate overloads. */
    void emit(ClassVisitor cv) {
        GeneratedMethod.overloads(cv, ir, owner, "translate", this::body,
                new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_1, 1),
                new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_N, GeneratedMethod.ANY_ROOTS),
                new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_2, 2));
    }

    private void body(MethodVisitor mv, RootRegisters registers, LocalSlots locals) {
        int vaSlot = locals.lastParameter();
        int table = locals.newLong();
        int entry = locals.newLong();
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(locals.parameter(0), vaSlot, -1, table, entry, -1, -1);
        Label noMapping = new Label();
        Label handler = new Label();
        int levels = ir.levels().size();
        Label[] readStart = new Label[levels];
        Label[] readEnd = new Label[levels];
        for (int i = 0; i < levels; i++) {
            readStart[i] = new Label();
            readEnd[i] = new Label();
            mv.visitTryCatchBlock(readStart[i], readEnd[i], handler, RuntimeTypes.UNREADABLE);
        }
        RuntimeTypes.line(mv, ir.line());
        registers.checkCount(mv, owner, ir.roots().size());
        // Only the physical address is returned, so the untagged address can replace the argument.
        Untag.emit(mv, ir, vaSlot, vaSlot);
        RootDispatchEmitter.emit(mv, ir, Operand.local(vaSlot), registers, table, noMapping);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, ir, slots, false, noMapping);
        for (int i = 0; i < levels; i++) {
            Label next = new Label();
            block.emit(i, readStart[i], readEnd[i], next);
            mv.visitLabel(next);
        }
        // Every level block ends in a jump or return, so only the handler falls into this.
        // Unreadable: a table outside memory maps nothing (the handler drops the exception).
        mv.visitLabel(handler);
        mv.visitInsn(POP);
        mv.visitLabel(noMapping);
        Constants.pushLong(mv, -1L);
        mv.visitInsn(LRETURN);
    }
}
