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
 * {@code translateDetailed} reports. With a tag, two shifts first untag the address.
 *
 * <p>Small enough for the JIT to inline into a caller's loop: where every rule inline would be
 * too big, the {@link TranslatePlan} gives some levels a fast accept instead, and an entry
 * outside it leaves through a tail call to the overload's private static twin
 * {@code translateInFull}, which translates the address again with every rule of every level
 * inline. That call is the only one besides the reads, and no fast path passes it.
 *
 * <p>On memory that is one flat segment at 0 ({@code PhysicalMemory.flatSegmentOrNull()}), the
 * public methods take the segment and its {@code flatLimit} once and read every entry with
 * {@code PhysicalMemory.readFlatLong} and its siblings: the JIT then keeps one bounds test per
 * read where a read through the memory keeps two (its own and the segment's; measured with the
 * bench's {@code TranslateCostProbe}). Other memory goes, in a tail call that no fast path
 * passes, to the overload's private static twin {@code translateThroughMemory}: the same
 * blocks, reading through the memory's read methods.
 */
final class TranslateEmitter {

    /** The name of the private static twins that try every rule. */
    static final String IN_FULL = "translateInFull";
    /** The name of the private static twins that read through the memory, for memory that is not flat. */
    static final String THROUGH_MEMORY = "translateThroughMemory";

    private final WalkerIr ir;
    private final String owner;
    private final TranslatePlan plan;

    TranslateEmitter(WalkerIr ir, String owner, TranslatePlan plan) {
        this.ir = ir;
        this.owner = owner;
        this.plan = plan;
    }

    private static final GeneratedMethod.Overload[] OVERLOADS = {
        new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_1, 1),
        new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_N, GeneratedMethod.ANY_ROOTS),
        new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_2, 2)
    };

    /**
     * Emits all plain translate overloads, their twins that read through the memory, and their
     * twins that try every rule when the plan moves levels out of line.
     */
    void emit(ClassVisitor cv) {
        emitPublic(cv);
        for (GeneratedMethod.Overload o : OVERLOADS) {
            // Only the overloads whose public form has a body (the array form may just forward).
            if (plan.flatReads() && GeneratedMethod.getsBody(ir, o, OVERLOADS)) {
                GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, THROUGH_MEMORY, o.descriptor(), mv -> {
                    LocalSlots locals = LocalSlots.of(o.descriptor(), true);
                    body(mv, GeneratedMethod.registers(locals, o.roots()), locals, plan, false);
                });
            }
        }
        if (plan.firstOutOfLine() == ir.levels().size()) {
            return;
        }
        TranslatePlan inline = TranslatePlan.inline(ir.levels().size());
        for (GeneratedMethod.Overload o : OVERLOADS) {
            if (o.roots() == GeneratedMethod.ANY_ROOTS || o.roots() == ir.roots().size()) {
                GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, IN_FULL, o.descriptor(), mv -> {
                    LocalSlots locals = LocalSlots.of(o.descriptor(), true);
                    body(mv, GeneratedMethod.registers(locals, o.roots()), locals, inline, false);
                });
            }
        }
    }

    /** Emits the public overloads alone (what the planner measures). */
    void emitPublic(ClassVisitor cv) {
        GeneratedMethod.overloads(cv, ir, owner, "translate",
                (mv, registers, locals) -> body(mv, registers, locals, plan, plan.flatReads()), OVERLOADS);
    }

    /** A translate body; {@code flat}: read a flat memory's segment directly, other memory through the twin. */
    private void body(MethodVisitor mv, RootRegisters registers, LocalSlots locals, TranslatePlan plan, boolean flat) {
        int vaSlot = locals.lastParameter();
        int table = locals.newLong();
        int entry = locals.newLong();
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(locals.parameter(0), vaSlot, -1, table, entry, -1, -1);
        Label noMapping = new Label();
        Label handler = new Label();
        Label inFull = new Label();
        Label throughMemory = new Label();
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
        int segment = -1;
        int limit = -1;
        if (flat) {
            // The segment and its limit once, in locals: see PhysicalMemory.flatLimit for why.
            segment = locals.newReference();
            limit = locals.newLong();
            mv.visitVarInsn(ALOAD, locals.parameter(0));
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.MEMORY, RuntimeTypes.FLAT_SEGMENT,
                    RuntimeTypes.FLAT_SEGMENT_DESCRIPTOR, false);
            mv.visitInsn(DUP);
            mv.visitVarInsn(ASTORE, segment);
            mv.visitJumpInsn(IFNULL, throughMemory);
            mv.visitVarInsn(ALOAD, segment);
            Constants.pushLong(mv, ir.entryBytes());
            mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.MEMORY, RuntimeTypes.FLAT_LIMIT,
                    RuntimeTypes.FLAT_LIMIT_DESCRIPTOR, false);
            mv.visitVarInsn(LSTORE, limit);
        }
        // Only the physical address is returned, so the untagged address can replace the argument
        // (and the twin may untag it again: untagging is idempotent).
        Untag.emit(mv, ir, vaSlot, vaSlot);
        RootDispatchEmitter.emit(mv, ir, Operand.local(vaSlot), registers, table, noMapping);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, ir, slots, false, noMapping);
        if (flat) {
            block.readingFlat(segment, limit);
        }
        // With a twin, tables that might wrap past 2^64 go to it whole (one test per table).
        Label wrapExit = plan.firstOutOfLine() < levels ? inFull : null;
        for (int i = 0; i < levels; i++) {
            Label next = new Label();
            if (plan.outOfLine(i)) {
                block.read(i, readStart[i], readEnd[i], wrapExit);
                block.fastAccept(i, plan.fast().get(i), next, inFull);
            } else {
                block.emit(i, readStart[i], readEnd[i], next, wrapExit);
            }
            mv.visitLabel(next);
        }
        // Every level block ends in a jump or return, so only the handler falls into this.
        // Unreadable: a table outside memory maps nothing (the handler drops the exception).
        mv.visitLabel(handler);
        mv.visitInsn(POP);
        mv.visitLabel(noMapping);
        Constants.pushLong(mv, -1L);
        mv.visitInsn(LRETURN);
        if (plan.firstOutOfLine() < levels) {
            // The rare entries, after the last return so that no fast path falls into them.
            mv.visitLabel(inFull);
            // On the tree's line, not on the last rule's: a stack trace through the twin starts over.
            RuntimeTypes.line(mv, ir.line());
            locals.loadParameters(mv);
            mv.visitMethodInsn(INVOKESTATIC, owner, IN_FULL, locals.descriptor(), false);
            mv.visitInsn(LRETURN);
        }
        if (flat) {
            // Memory that is not one flat segment, likewise after every return.
            mv.visitLabel(throughMemory);
            RuntimeTypes.line(mv, ir.line());
            locals.loadParameters(mv);
            mv.visitMethodInsn(INVOKESTATIC, owner, THROUGH_MEMORY, locals.descriptor(), false);
            mv.visitInsn(LRETURN);
        }
    }
}
