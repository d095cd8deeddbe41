package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;

/**
 * Emits the straight-line block that translates through one level: read the entry, try the
 * rules in order as inlined conditions, and either go on to the next level's block, return
 * the physical address, or end with a failure. The plain form ends failures with
 * {@code NO_MAPPING} and ignores attributes; the detailed form accumulates attributes and
 * returns a {@link org.ptdesc.runtime.Translation}. An entry whose address may wrap past 2^64
 * ({@link TableWrap}) is checked first and is outside memory when it does.
 */
final class LevelBlockEmitter {

    /**
     * Local variable slots of a translate method: {@code va} the address translated (untagged),
     * {@code reported} the caller's address the result reports (the same slot without a tag);
     * {@code reported}, {@code acc} and {@code pa} only in the detailed form.
     */
    record Slots(int mem, int va, int reported, int table, int entry, int acc, int pa) {}

    /**
     * Where the block goes instead of returning, when it is inlined into a larger method (a
     * nested walker, whose stage 2 blocks run at every guest table read): a leaf stores its
     * result into {@code result} (the physical address, or in the detailed form with
     * {@code leafTranslation} the {@link org.ptdesc.runtime.Translation}) and jumps to
     * {@code done}; in the detailed form a failure stores its {@code Translation} into
     * {@code failure} and jumps to {@code failed}. The plain form's failures still jump to
     * {@code noMapping}.
     */
    record Continuation(int result, Label done, boolean leafTranslation, int failure, Label failed) {}

    private final MethodVisitor mv;
    private final WalkerIr ir;
    private final Slots slots;
    private final boolean detailed;
    private final Label noMapping;
    private final ExprEmitter expr;
    /** Levels whose entry addresses may wrap past 2^64 and are checked before the read ({@link TableWrap}). */
    private final boolean[] wraps;
    private final Continuation continuation;
    /** The permission check before a plain form's leaf returns, or null (no access checked). */
    private final AccessGate gate;
    /** The fast walk's mask test in place of the present test ({@link RequiredBits}), or null. */
    private final MaskTest maskTest;
    /** The slot of the flat segment {@link #read} reads from ({@link #readingFlat}), or -1: reads through the memory. */
    private int flatSegment = -1;
    /** The slot of that segment's read limit. */
    private int flatLimit = -1;

    /**
     * Where the fast access-checked walk keeps its masks ({@link RequiredBits}): an entry whose
     * bits under {@code tested} differ from {@code required} jumps to {@code slow}; levels that
     * keep their present test use {@code attributesTested}/{@code attributesRequired}, the masks
     * without the present bit (slots equal to the others when every level folds it).
     */
    record MaskTest(RequiredBits bits, int tested, int required, int attributesTested, int attributesRequired,
            Label slow, boolean keepsAnd, boolean keepsOr) {

        /** {@code take} without the raw word no remaining rule reads on the fast walk. */
        RawAttributes.Take kept(RawAttributes.Take take) {
            return new RawAttributes.Take(keepsAnd ? take.and() : 0, keepsOr ? take.or() : 0);
        }
    }

    /**
     * @param noMapping where the plain form jumps for every failure (unused in the detailed form)
     */
    LevelBlockEmitter(MethodVisitor mv, WalkerIr ir, Slots slots, boolean detailed, Label noMapping) {
        this(mv, ir, slots, detailed, noMapping, null, null, CheckOperands.NONE);
    }

    /** As the other constructor; with a {@code continuation}, outcomes jump on instead of returning. */
    LevelBlockEmitter(MethodVisitor mv, WalkerIr ir, Slots slots, boolean detailed, Label noMapping,
            Continuation continuation) {
        this(mv, ir, slots, detailed, noMapping, continuation, null, CheckOperands.NONE);
    }

    /**
     * The plain form checked for an access: attributes accumulate in {@code slots.acc()} when
     * {@code gate} reads them, and every leaf stores its physical address in {@code slots.pa()}
     * and jumps to the gate's one check ({@link AccessGate#check()}), which the caller emits.
     */
    LevelBlockEmitter(MethodVisitor mv, WalkerIr ir, Slots slots, Label noMapping, AccessGate gate,
            CheckOperands checks) {
        this(mv, ir, slots, false, noMapping, null, gate, checks, null);
    }

    /** The fast access-checked walk: as the constructor above, with {@code maskTest} ahead of each level's rules. */
    LevelBlockEmitter(MethodVisitor mv, WalkerIr ir, Slots slots, Label noMapping, AccessGate gate,
            CheckOperands checks, MaskTest maskTest) {
        this(mv, ir, slots, false, noMapping, null, gate, checks, maskTest);
    }

    private LevelBlockEmitter(MethodVisitor mv, WalkerIr ir, Slots slots, boolean detailed, Label noMapping,
            Continuation continuation, AccessGate gate, CheckOperands checks) {
        this(mv, ir, slots, detailed, noMapping, continuation, gate, checks, null);
    }

    private LevelBlockEmitter(MethodVisitor mv, WalkerIr ir, Slots slots, boolean detailed, Label noMapping,
            Continuation continuation, AccessGate gate, CheckOperands checks, MaskTest maskTest) {
        this.maskTest = maskTest;
        this.continuation = continuation;
        this.mv = mv;
        this.ir = ir;
        this.slots = slots;
        this.detailed = detailed;
        this.noMapping = noMapping;
        this.wraps = TableWrap.levels(ir);
        this.gate = gate;
        this.expr = new ExprEmitter(mv, Operand.local(slots.entry()), Operand.local(slots.va()),
                Operand.unavailable("a root register"), checks);
    }

    /**
     * Makes {@link #read} read entries from the flat segment in local {@code segment} below the
     * limit in long local {@code limit} ({@code PhysicalMemory.readFlatLong} and its siblings, as
     * {@link TranslateEmitter} sets them up) instead of through the memory; they throw
     * {@code Unreadable} where the memory's reads would.
     */
    LevelBlockEmitter readingFlat(int segment, int limit) {
        this.flatSegment = segment;
        this.flatLimit = limit;
        return this;
    }

    /** Pushes what the entry read takes before the address: the memory, or the flat segment and its limit. */
    private void pushReader() {
        if (flatSegment < 0) {
            mv.visitVarInsn(ALOAD, slots.mem());
        } else {
            mv.visitVarInsn(ALOAD, flatSegment);
            mv.visitVarInsn(LLOAD, flatLimit);
        }
    }

    /**
     * Emits level {@code index}. {@code readStart}/{@code readEnd} delimit the entry read (the
     * caller registered them as a try block for {@code Unreadable}); {@code next} starts the
     * next level's block.
     */
    void emit(int index, Label readStart, Label readEnd, Label next) {
        read(index, readStart, readEnd);
        decide(index, next);
    }

    /**
     * As {@link #emit}, in a plain form that has an exact out-of-line twin: a table near enough to
     * 2^64 that one of its entries might wrap is left to the twin at {@code wrapExit}, with one
     * test of the table address, not of each entry address.
     */
    void emit(int index, Label readStart, Label readEnd, Label next, Label wrapExit) {
        read(index, readStart, readEnd, wrapExit);
        decide(index, next);
    }

    /** Reads level {@code index}'s entry into the entry slot, between {@code readStart} and {@code readEnd}. */
    void read(int index, Label readStart, Label readEnd) {
        read(index, readStart, readEnd, null);
    }

    /** As {@link #read(int, Label, Label)}; with {@code wrapExit}, as {@link #emit(int, Label, Label, Label, Label)} says. */
    void read(int index, Label readStart, Label readEnd, Label wrapExit) {
        Level level = ir.levels().get(index);
        RuntimeTypes.line(mv, level.line());
        if (!detailed && wraps[index] && wrapExit != null) {
            // A table in the top 4 GiB of the 64-bit space (its high 32 bits all ones) goes to the
            // twin, which decides exactly whether an entry wraps; a table has at most 2^24 entries
            // (P404), so on every other table no entry address can wrap. Ten bytes, not one
            // unsigned comparison per entry: it keeps deep trees within the inlining budget.
            mv.visitVarInsn(LLOAD, slots.table());
            Constants.pushInt(mv, 32);
            mv.visitInsn(LUSHR);
            mv.visitInsn(L2I);
            mv.visitInsn(ICONST_M1);
            mv.visitJumpInsn(IF_ICMPEQ, wrapExit);
            mv.visitLabel(readStart);
            pushReader();
            mv.visitVarInsn(LLOAD, slots.table());
            EntryIndex.offset(mv, Operand.local(slots.va()), level, ir.entryBytes());
            mv.visitInsn(LADD);
        } else if (detailed) {
            mv.visitVarInsn(LLOAD, slots.table());
            EntryIndex.offset(mv, Operand.local(slots.va()), level, ir.entryBytes());
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, slots.pa());
            if (wraps[index]) {
                Label inside = new Label();
                belowTable(slots.pa(), inside, IFGE);
                failAt(index, slots.pa(), Failure.TABLE_OUTSIDE_MEMORY);
                mv.visitLabel(inside);
            }
            mv.visitLabel(readStart);
            pushReader();
            mv.visitVarInsn(LLOAD, slots.pa());
        } else if (wraps[index]) {
            // The entry slot holds the entry's address until the entry replaces it.
            mv.visitVarInsn(LLOAD, slots.table());
            EntryIndex.offset(mv, Operand.local(slots.va()), level, ir.entryBytes());
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, slots.entry());
            belowTable(slots.entry(), noMapping, IFLT);
            mv.visitLabel(readStart);
            pushReader();
            mv.visitVarInsn(LLOAD, slots.entry());
        } else {
            mv.visitLabel(readStart);
            pushReader();
            mv.visitVarInsn(LLOAD, slots.table());
            EntryIndex.offset(mv, Operand.local(slots.va()), level, ir.entryBytes());
            mv.visitInsn(LADD);
        }
        if (flatSegment < 0) {
            RuntimeTypes.read(mv, ir.entryBytes(), ir.bigEndian());
        } else {
            RuntimeTypes.readFlat(mv, ir.entryBytes(), ir.bigEndian());
        }
        mv.visitLabel(readEnd);
        mv.visitVarInsn(LSTORE, slots.entry());
    }

    /**
     * As {@link #emit}, but the entry is read at the address in long local {@code addressSlot},
     * which the caller computed (a nested walker: the host physical address of a guest entry).
     */
    void emitReadingAt(int index, int addressSlot, Label readStart, Label readEnd, Label next) {
        Level level = ir.levels().get(index);
        RuntimeTypes.line(mv, level.line());
        mv.visitLabel(readStart);
        mv.visitVarInsn(ALOAD, slots.mem());
        mv.visitVarInsn(LLOAD, addressSlot);
        RuntimeTypes.read(mv, ir.entryBytes(), ir.bigEndian());
        mv.visitLabel(readEnd);
        mv.visitVarInsn(LSTORE, slots.entry());
        decide(index, next);
    }

    /** Tries level {@code index}'s rules in order on the entry in the entry slot. */
    void decide(int index, Label next) {
        Level level = ir.levels().get(index);
        int skipped = -1;
        if (maskTest != null) {
            // (entry & tested) != required: not present, or a bit a folded rule needs is wrong.
            boolean present = maskTest.bits().presentFolded(index);
            skipped = maskTest.bits().presentRule(index);
            mv.visitVarInsn(LLOAD, slots.entry());
            mv.visitVarInsn(LLOAD, present ? maskTest.tested() : maskTest.attributesTested());
            mv.visitInsn(LAND);
            mv.visitVarInsn(LLOAD, present ? maskTest.required() : maskTest.attributesRequired());
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, maskTest.slow());
        }
        RawAttributes.Take take = rawLevelTake(level);
        if (take != null) {
            // Every table and leaf rule of the level takes the same raw bits: take them once,
            // ahead of the rules (a failure never reads them).
            gate.raw().accumulate(mv, slots.acc(), gate.orSlot(), slots.entry(), maskTest == null ? take : maskTest.kept(take));
        }
        for (int ri = 0; ri < level.rules().size(); ri++) {
            Rule rule = level.rules().get(ri);
            Expr condition = Simplifier.simplify(rule.condition());
            boolean always = condition instanceof Expr.Const c && c.value() != 0;
            if (condition instanceof Expr.Const c && c.value() == 0 || ri == skipped) {
                continue;
            }
            RuntimeTypes.line(mv, rule.line());
            Label otherwise = new Label();
            switch (rule) {
                case Rule.Invalid r -> ending(condition, otherwise, index, Failure.NOT_PRESENT, "");
                case Rule.Fault r -> ending(condition, otherwise, index, Failure.FAULT, r.message());
                case Rule.Table r -> {
                    expr.jump(condition, false, otherwise);
                    update(level, r.attributes());
                    expr.value(r.address());
                    mv.visitVarInsn(LSTORE, slots.table());
                    if (!always) {
                        mv.visitJumpInsn(GOTO, next);
                    }
                }
                case Rule.Leaf r -> {
                    expr.jump(condition, false, otherwise);
                    update(level, r.attributes());
                    leaf(index, level, r);
                }
            }
            mv.visitLabel(otherwise);
            if (always) {
                return;
            }
        }
        fail(index, Failure.NO_RULE, "");
    }

    /**
     * The plain form's fast accept of level {@code index} (on the entry in the entry slot): for
     * each rule of {@code fast}, in order, a test of its region and the rule's action. A table
     * rule goes on at {@code next} (falling through when it is the last), a leaf returns; an
     * entry in no region jumps to {@code slow}, where the caller decides it by every rule.
     */
    void fastAccept(int index, List<TranslatePlan.FastRule> fast, Label next, Label slow) {
        if (detailed) {
            throw new IllegalStateException("the detailed translate has no fast accept");
        }
        Level level = ir.levels().get(index);
        for (int f = 0; f < fast.size(); f++) {
            boolean last = f == fast.size() - 1;
            Label miss = last ? slow : new Label();
            Rule rule = level.rules().get(fast.get(f).rule());
            RuntimeTypes.line(mv, rule.line());
            RegionBranch.jumpUnless(mv, Operand.local(slots.entry()), fast.get(f).region(), miss);
            switch (rule) {
                case Rule.Table r -> {
                    expr.value(r.address());
                    mv.visitVarInsn(LSTORE, slots.table());
                    if (!last) {
                        mv.visitJumpInsn(GOTO, next);
                    }
                }
                case Rule.Leaf r -> leaf(index, level, r);
                default -> throw new IllegalArgumentException("a fast accept for " + rule);
            }
            if (!last) {
                mv.visitLabel(miss);
            }
        }
    }

    /** An invalid or fault rule: the translation ends here when the condition holds. */
    private void ending(Expr condition, Label otherwise, int index, Failure failure, String message) {
        if (!detailed) {
            expr.jump(condition, true, noMapping);
            return;
        }
        expr.jump(condition, false, otherwise);
        fail(index, failure, message);
    }

    /**
     * Compares the address in {@code slot} with the table's (unsigned) and jumps to {@code to}
     * as {@code opcode} says: IFLT when the address wrapped past 2^64, IFGE when it did not.
     */
    private void belowTable(int slot, Label to, int opcode) {
        mv.visitVarInsn(LLOAD, slot);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LLOAD, slots.table());
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(opcode, to);
    }

    /** Detailed form: returns the failure with the address in {@code slot} as its entry. */
    private void failAt(int index, int slot, Failure failure) {
        mv.visitVarInsn(LLOAD, slots.reported());
        Constants.pushInt(mv, index);
        mv.visitVarInsn(LLOAD, slot);
        RuntimeTypes.failure(mv, failure);
        mv.visitLdcInsn("");
        mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.TRANSLATION, "failed",
                "(JIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)" + RuntimeTypes.TRANSLATION_D, false);
        if (continuation != null) {
            mv.visitVarInsn(ASTORE, continuation.failure());
            mv.visitJumpInsn(GOTO, continuation.failed());
        } else {
            mv.visitInsn(ARETURN);
        }
    }

    private void fail(int index, Failure failure, String message) {
        if (!detailed) {
            mv.visitJumpInsn(GOTO, noMapping);
            return;
        }
        mv.visitVarInsn(LLOAD, slots.reported());
        Constants.pushInt(mv, index);
        mv.visitVarInsn(LLOAD, slots.entry());
        RuntimeTypes.failure(mv, failure);
        mv.visitLdcInsn(message);
        mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.TRANSLATION, "failed",
                "(JIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)" + RuntimeTypes.TRANSLATION_D, false);
        if (continuation != null) {
            mv.visitVarInsn(ASTORE, continuation.failure());
            mv.visitJumpInsn(GOTO, continuation.failed());
            return;
        }
        mv.visitInsn(ARETURN);
    }

    private void leaf(int index, Level level, Rule.Leaf rule) {
        if (gate != null) {
            // Every leaf shares one permission check: the address waits in pa, the entry in its slot.
            expr.value(rule.address());
            mv.visitVarInsn(LLOAD, slots.va());
            Constants.pushLong(mv, level.span() - 1);
            mv.visitInsn(LAND);
            mv.visitInsn(LOR);
            mv.visitVarInsn(LSTORE, slots.pa());
            mv.visitJumpInsn(GOTO, gate.check());
            return;
        }
        boolean translation = detailed && (continuation == null || continuation.leafTranslation());
        if (translation) {
            mv.visitVarInsn(LLOAD, slots.reported());
        }
        expr.value(rule.address());
        mv.visitVarInsn(LLOAD, slots.va());
        Constants.pushLong(mv, level.span() - 1);
        mv.visitInsn(LAND);
        mv.visitInsn(LOR);
        if (!translation) {
            if (continuation == null) {
                mv.visitInsn(LRETURN);
            } else {
                mv.visitVarInsn(LSTORE, continuation.result());
                mv.visitJumpInsn(GOTO, continuation.done());
            }
            return;
        }
        Constants.pushInt(mv, index);
        Constants.pushLong(mv, level.span());
        mv.visitVarInsn(LLOAD, slots.entry());
        mv.visitVarInsn(LLOAD, slots.acc());
        mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.TRANSLATION, "mapped", "(JJIJJJ)" + RuntimeTypes.TRANSLATION_D, false);
        if (continuation != null) {
            mv.visitVarInsn(ASTORE, continuation.result());
            mv.visitJumpInsn(GOTO, continuation.done());
            return;
        }
        mv.visitInsn(ARETURN);
    }

    /**
     * The raw positions every table and leaf rule of {@code level} takes from its entry, when the
     * walk keeps raw attributes and they are the same for all of them; else null (per rule).
     */
    private RawAttributes.Take rawLevelTake(Level level) {
        if (detailed || gate == null || gate.raw() == null) {
            return null;
        }
        RawAttributes.Take common = null;
        for (Rule rule : level.rules()) {
            AttributeUpdate update = switch (rule) {
                case Rule.Table t -> t.attributes();
                case Rule.Leaf l -> l.attributes();
                default -> null;
            };
            if (update == null) {
                continue;
            }
            RawAttributes.Take take = gate.raw().take(update);
            if (common != null && !common.equals(take)) {
                return null;
            }
            common = take;
        }
        return common;
    }

    /** {@code acc = (acc & keep) | put}, only where attributes are reported. */
    private void update(Level level, AttributeUpdate update) {
        if (!detailed && gate != null && gate.raw() != null) {
            if (rawLevelTake(level) == null) {
                RawAttributes.Take take = gate.raw().take(update);
                gate.raw().accumulate(mv, slots.acc(), gate.orSlot(), slots.entry(), maskTest == null ? take : maskTest.kept(take));
            }
            return;
        }
        if (!detailed && gate != null && gate.readsAttributes()) {
            // The access check needs only the attributes its rules read; the update goes out of line.
            gate.steps().call(mv, slots.acc(), slots.entry(), slots.va(), gate.restrict(update));
            return;
        }
        if (detailed) {
            AttributeWord.update(mv, expr, slots.acc(), update);
        }
    }
}
