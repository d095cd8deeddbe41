package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;

/**
 * Emits one level's walk method,
 * {@code static boolean walkN_NAME(mem, table, first, last, visitor, attributes)}: report
 * {@code pre}, loop over the entries for {@code first..last} of this one table (the only loop),
 * decide each entry with the level's rules inlined, report leaves, faults and runs of invalid
 * entries as single holes, call the next level's method for tables, then report {@code post}.
 * Returns false when the visitor stopped the walk. The per-entry loop keeps everything in
 * locals: it allocates nothing.
 *
 * <p>Memory is read entry by entry, with the meaning translate gives it: a table whose entries
 * are all readable is checked once and walked by a loop counted in entry offsets (an {@code int}
 * from the first entry's offset to the last's, the loop's only exit), the shape in which C2
 * hoists what each read checks out of the loop and unrolls it; otherwise each entry is checked,
 * and an entry outside memory, or whose address wraps past 2^64, is a
 * {@code TABLE_OUTSIDE_MEMORY} fault over its span. A table none of whose entries is readable is
 * one such fault over {@code first..last}, with the table's address and without {@code pre} or
 * {@code post}. The level's rules are emitted once for each of the two loops.
 */
final class LevelWalkEmitter {

    // Local slots of a level method: its parameters (mem, table, first, last, visitor, acc),
    // then the loop's state.
    private static final LocalSlots SLOTS = LocalSlots.of(RuntimeTypes.WALK_LEVEL, true);
    static final int MEM = SLOTS.parameter(0);
    static final int TABLE = SLOTS.parameter(1);
    static final int FIRST = SLOTS.parameter(2);
    static final int LAST = SLOTS.parameter(3);
    static final int VISITOR = SLOTS.parameter(4);
    static final int ACC = SLOTS.parameter(5);
    /** First and last address of the current entry's span, clipped to first..last. */
    static final int START = SLOTS.newLong();
    static final int END = SLOTS.newLong();
    static final int ENTRY = SLOTS.newLong();
    /** 1 while a run of invalid entries, starting at HOLE_START, awaits its hole event. */
    static final int IN_HOLE = SLOTS.newInt();
    static final int HOLE_START = SLOTS.newLong();
    /**
     * How the table's entries are read: 2 when all of first..last are readable (checked once);
     * otherwise each entry is checked, 0 while scanning for the first readable one (no event
     * yet), 1 once the table is entered.
     */
    static final int MODE = SLOTS.newInt();
    /** In MODE 2, the byte offset in the table of the current entry and of the one holding {@code last}. */
    static final int OFFSET = SLOTS.newInt();
    static final int LAST_OFFSET = SLOTS.newInt();
    /** In a batched walk's run of entries, the offset of the run's last entry. */
    static final int RUN_END = SLOTS.newInt();

    private final WalkerIr ir;
    private final String owner;
    private final WalkForm form;

    LevelWalkEmitter(WalkerIr ir, String owner, WalkForm form) {
        this.ir = ir;
        this.owner = owner;
        this.form = form;
    }

    /** The name of level {@code index}'s walk method (it shows in stack traces). */
    static String methodName(WalkerIr ir, int index) {
        return methodName(ir, index, WalkForm.PER_EVENT);
    }

    /** The name of level {@code index}'s method in walks of {@code form}. */
    static String methodName(WalkerIr ir, int index, WalkForm form) {
        String name = ir.levels().get(index).name();
        StringBuilder sb = new StringBuilder(form.prefix()).append(index).append('_');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        return sb.toString();
    }

    void emit(ClassVisitor cv, int index) {
        Level level = ir.levels().get(index);
        GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, methodName(ir, index, form), form.levelDescriptor(),
                mv -> body(mv, index, level));
    }

    private void body(MethodVisitor mv, int index, Level level) {
        WalkEvents events = new WalkEvents(mv, index, form);
        RuntimeTypes.line(mv, level.line());
        // Defined on every path into the loop, so that the verifier sees them set.
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, IN_HOLE);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, HOLE_START);

        Label loop = new Label();
        Label next = new Label();
        Label enter = new Label();
        Label advance = new Label();
        Label done = new Label();
        Label entered = new Label();
        Label read = new Label();
        Label counted = new Label();
        wholeTableReadable(mv, level, enter);
        // Not wholly readable: scan for a readable entry before entering the table.
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, MODE);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LSTORE, START);
        mv.visitLabel(loop);
        RuntimeTypes.line(mv, level.line());
        entrySpan(mv, level);
        entryByEntry(mv, level, events, enter, next, read);
        mv.visitLabel(read);
        readEntry(mv, mv2 -> EntryIndex.offset(mv2, Operand.local(START), level, ir.entryBytes()));
        rules(mv, index, level, events, next);

        // next: stop after the entry holding `last` (no overflow at the top of the space)
        mv.visitLabel(next);
        mv.visitVarInsn(LLOAD, END);
        mv.visitVarInsn(LLOAD, LAST);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, done);
        mv.visitJumpInsn(GOTO, advance);

        // enter: the table is walked from `first` (after `pre`): MODE 2 by the counted loop,
        // MODE 1 by the loop above.
        mv.visitLabel(enter);
        events.pre();
        mv.visitVarInsn(ILOAD, MODE);
        Constants.pushInt(mv, 2);
        mv.visitJumpInsn(IF_ICMPEQ, counted);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LSTORE, END);
        mv.visitLabel(advance);
        startAfterEnd(mv);
        mv.visitJumpInsn(GOTO, loop);

        // done: a scan that found no readable entry is one fault for the table, without pre/post.
        mv.visitLabel(done);
        mv.visitVarInsn(ILOAD, MODE);
        mv.visitJumpInsn(IFNE, entered);
        events.tableOutsideMemory();
        mv.visitLabel(entered);
        events.post();

        countedLoop(mv, index, level, events, counted);
    }

    /**
     * The loop over a wholly readable table: {@code for (offset = off(first); offset <= off(last);
     * offset += E)}, the entry's span following on from the previous one's end, then {@code post}.
     */
    private void countedLoop(MethodVisitor mv, int index, Level level, WalkEvents events, Label counted) {
        Label body = new Label();
        Label step = new Label();
        // A batched walk's level without tables stores its events and delivers between runs of
        // entries (below); any other level reports each event as it comes.
        boolean runs = form == WalkForm.BATCHED && RunDecoderEmitter.hasRuns(level);
        Label run = new Label();
        mv.visitLabel(counted);
        intOffset(mv, FIRST, OFFSET, level);
        intOffset(mv, LAST, LAST_OFFSET, level);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LSTORE, START);
        if (runs) {
            handOnRun(mv, index, level, run);
            mv.visitLabel(run);
            runBound(mv);
        }
        mv.visitLabel(body);
        RuntimeTypes.line(mv, level.line());
        clippedEnd(mv, level);
        readEntry(mv, Operand.intLocal(OFFSET));
        Label decide = new Label();
        mv.visitLabel(decide);
        Expr invalid = form.scansInvalidRuns() ? leadingInvalid(level) : null;
        Label scan = invalid == null ? step : new Label();
        rules(mv, index, level, runs ? events.deferred() : events, step, scan);
        mv.visitLabel(step);
        startAfterEnd(mv);
        mv.visitIincInsn(OFFSET, ir.entryBytes());
        Label exit = new Label();
        if (runs) {
            // The inner loop, to the run's bound, has no call; the outer one delivers.
            mv.visitVarInsn(ILOAD, OFFSET);
            mv.visitVarInsn(ILOAD, RUN_END);
            mv.visitJumpInsn(IF_ICMPLE, body);
            mv.visitVarInsn(ILOAD, OFFSET);
            mv.visitVarInsn(ILOAD, LAST_OFFSET);
            mv.visitJumpInsn(IF_ICMPLE, run);
            mv.visitLabel(exit);
            deliverIfFull(mv);
        } else {
            mv.visitVarInsn(ILOAD, OFFSET);
            mv.visitVarInsn(ILOAD, LAST_OFFSET);
            mv.visitJumpInsn(IF_ICMPLE, body);
            mv.visitLabel(exit);
        }
        events.post();
        if (invalid != null) {
            holeScan(mv, level, invalid, scan, decide, exit);
        }
    }

    /**
     * {@code if (batch.takesRuns()) return batch.deliverRun(mem, table, offset, lastOffset, first,
     * last, acc, level, shift, E, bigEndian);}: a consumer that takes runs gets the wholly readable table
     * undecoded, and the walk reads none of its entries; otherwise on to {@code decode}.
     */
    private void handOnRun(MethodVisitor mv, int index, Level level, Label decode) {
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, "takesRuns", "()Z", false);
        mv.visitJumpInsn(IFEQ, decode);
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, TABLE);
        mv.visitVarInsn(ILOAD, OFFSET);
        mv.visitVarInsn(ILOAD, LAST_OFFSET);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LLOAD, LAST);
        mv.visitVarInsn(LLOAD, ACC);
        Constants.pushInt(mv, index);
        Constants.pushInt(mv, level.shift());
        Constants.pushInt(mv, ir.entryBytes());
        mv.visitInsn(ir.bigEndian() ? ICONST_1 : ICONST_0);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, "deliverRun",
                "(" + RuntimeTypes.MEMORY_D + "JIIJJJIIIZ)Z", false);
        mv.visitInsn(IRETURN);
    }

    /**
     * The start of a run of entries in a batched walk: deliver the batch if full, then
     * {@code runEnd = min(lastOffset, offset + (batch.room() - 1) * E)}, the last entry the run
     * may store events for without overflowing the batch (two events an entry at most: a hole
     * before it and its own; one more entry when a scan of invalid entries passes the bound).
     * The run's loop then has no call on its path, whether or not the JIT inlines the consumer.
     */
    private void runBound(MethodVisitor mv) {
        Label within = new Label();
        deliverIfFull(mv);
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, "room", "()I", false);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(ISUB);
        Constants.pushInt(mv, ir.entryBytes());
        mv.visitInsn(IMUL);
        mv.visitVarInsn(ILOAD, OFFSET);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ISTORE, RUN_END);
        mv.visitVarInsn(ILOAD, RUN_END);
        mv.visitVarInsn(ILOAD, LAST_OFFSET);
        mv.visitJumpInsn(IF_ICMPLE, within);
        mv.visitVarInsn(ILOAD, LAST_OFFSET);
        mv.visitVarInsn(ISTORE, RUN_END);
        mv.visitLabel(within);
    }

    /** {@code if (batch.full() && !batch.deliverFull()) return false;} */
    private static void deliverIfFull(MethodVisitor mv) {
        Label room = new Label();
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, "full", "()Z", false);
        mv.visitJumpInsn(IFEQ, room);
        Label go = new Label();
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, "deliverFull", "()Z", false);
        mv.visitJumpInsn(IFNE, go);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(IRETURN);
        mv.visitLabel(go);
        mv.visitLabel(room);
    }

    /**
     * The condition of the level's first rule when that rule is {@code invalid} (and may fail),
     * else null: a run of entries it matches can be scanned by {@link #holeScan}.
     */
    private static Expr leadingInvalid(Level level) {
        for (Rule rule : level.rules()) {
            Expr condition = Simplifier.simplify(rule.condition());
            if (condition instanceof Expr.Const c && c.value() == 0) {
                continue;
            }
            return rule instanceof Rule.Invalid && !(condition instanceof Expr.Const) ? condition : null;
        }
        return null;
    }

    /**
     * The loop a batched or cutting walk's counted loop enters after an invalid entry: step to the next
     * entry, read it, and while the level's first rule finds it invalid too, step again, with no
     * event, store or call; at the first other entry, back to the rules ({@code decide}), after
     * the last entry to {@code exit}. A loop of its own, so that the JIT keeps the reads' checks
     * out of it whatever the enclosing loop calls: on the largest bundled image, whose tables are
     * mostly invalid entries, the enclosing loop's reads were re-checked for every entry when the
     * consumer's call was not inlined into it (bench/RESULTS.md).
     */
    private void holeScan(MethodVisitor mv, Level level, Expr invalid, Label scan, Label decide, Label exit) {
        mv.visitLabel(scan);
        RuntimeTypes.line(mv, level.line());
        startAfterEnd(mv);
        mv.visitIincInsn(OFFSET, ir.entryBytes());
        mv.visitVarInsn(ILOAD, OFFSET);
        mv.visitVarInsn(ILOAD, LAST_OFFSET);
        mv.visitJumpInsn(IF_ICMPGT, exit);
        clippedEnd(mv, level);
        readEntry(mv, Operand.intLocal(OFFSET));
        ExprEmitter expr = new ExprEmitter(mv, Operand.local(ENTRY), Operand.local(START), Operand.unavailable("a root register"));
        expr.jump(invalid, true, scan);
        mv.visitJumpInsn(GOTO, decide);
    }

    /** {@code end = offset == lastOffset ? last : start | (span - 1)}: only the last entry is clipped. */
    private static void clippedEnd(MethodVisitor mv, Level level) {
        Label whole = new Label();
        Label spanned = new Label();
        mv.visitVarInsn(ILOAD, OFFSET);
        mv.visitVarInsn(ILOAD, LAST_OFFSET);
        mv.visitJumpInsn(IF_ICMPNE, whole);
        mv.visitVarInsn(LLOAD, LAST);
        mv.visitVarInsn(LSTORE, END);
        mv.visitJumpInsn(GOTO, spanned);
        mv.visitLabel(whole);
        mv.visitVarInsn(LLOAD, START);
        Constants.pushLong(mv, level.span() - 1);
        mv.visitInsn(LOR);
        mv.visitVarInsn(LSTORE, END);
        mv.visitLabel(spanned);
    }

    /** {@code start = end + 1}: the next entry's span begins after this one's. */
    private static void startAfterEnd(MethodVisitor mv) {
        mv.visitVarInsn(LLOAD, END);
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, START);
    }

    /** {@code (int) offset(address in slot from)} into int slot {@code to} (a table's offsets fit an int). */
    private void intOffset(MethodVisitor mv, int from, int to, Level level) {
        EntryIndex.offset(mv, Operand.local(from), level, ir.entryBytes());
        mv.visitInsn(L2I);
        mv.visitVarInsn(ISTORE, to);
    }

    /** {@code entry = mem.read(table + offset)}, the offset (a long) pushed by {@code offset}. */
    private void readEntry(MethodVisitor mv, Operand offset) {
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, TABLE);
        offset.load(mv);
        mv.visitInsn(LADD);
        RuntimeTypes.read(mv, ir.entryBytes(), ir.bigEndian());
        mv.visitVarInsn(LSTORE, ENTRY);
    }

    /**
     * {@code if (table + idx(first) * E >= table (unsigned: no wrap past 2^64) && mem.contains(it,
     * count * E)) { mode = 2; goto enter; }}: one check for a wholly readable table, whose entries
     * are then read without a check of their own.
     */
    private void wholeTableReadable(MethodVisitor mv, Level level, Label enter) {
        Label partly = new Label();
        mv.visitVarInsn(LLOAD, TABLE);
        EntryIndex.offset(mv, Operand.local(FIRST), level, ir.entryBytes());
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, START);
        notBelowTable(mv, START, partly);
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, START);
        // bytes = offset(last) - offset(first) + E; IrPreconditions keeps a table within an int
        EntryIndex.offset(mv, Operand.local(LAST), level, ir.entryBytes());
        EntryIndex.offset(mv, Operand.local(FIRST), level, ir.entryBytes());
        mv.visitInsn(LSUB);
        mv.visitInsn(L2I);
        Constants.pushInt(mv, ir.entryBytes());
        mv.visitInsn(IADD);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.MEMORY, "contains", "(JI)Z", false);
        mv.visitJumpInsn(IFEQ, partly);
        Constants.pushInt(mv, 2);
        mv.visitVarInsn(ISTORE, MODE);
        mv.visitJumpInsn(GOTO, enter);
        mv.visitLabel(partly);
    }

    /**
     * In MODE 0 and 1, the check of the entry at {@code start} before it is read: its address
     * (in ENTRY) must not wrap past 2^64 and must be in memory. MODE 0 (scanning) enters the
     * table at its first readable entry and skips unreadable ones; MODE 1 reports each unreadable
     * entry as a {@code TABLE_OUTSIDE_MEMORY} fault over its span, as translate would fail on it.
     */
    private void entryByEntry(MethodVisitor mv, Level level, WalkEvents events, Label enter, Label next, Label read) {
        Label unreadable = new Label();
        mv.visitVarInsn(ILOAD, MODE);
        Constants.pushInt(mv, 2);
        mv.visitJumpInsn(IF_ICMPEQ, read);
        mv.visitVarInsn(LLOAD, TABLE);
        EntryIndex.offset(mv, Operand.local(START), level, ir.entryBytes());
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, ENTRY);
        notBelowTable(mv, ENTRY, unreadable);
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, ENTRY);
        Constants.pushInt(mv, ir.entryBytes());
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.MEMORY, "contains", "(JI)Z", false);
        mv.visitJumpInsn(IFEQ, unreadable);
        // Readable: while scanning, this is where the table is entered.
        mv.visitVarInsn(ILOAD, MODE);
        mv.visitJumpInsn(IFNE, read);
        mv.visitInsn(ICONST_1);
        mv.visitVarInsn(ISTORE, MODE);
        mv.visitJumpInsn(GOTO, enter);
        mv.visitLabel(unreadable);
        mv.visitVarInsn(ILOAD, MODE);
        mv.visitJumpInsn(IFEQ, next);
        events.fault(Failure.TABLE_OUTSIDE_MEMORY, "");
        mv.visitJumpInsn(GOTO, next);
    }

    /** Jumps to {@code wrapped} when the address in {@code slot} is below TABLE (unsigned): it wrapped past 2^64. */
    private static void notBelowTable(MethodVisitor mv, int slot, Label wrapped) {
        mv.visitVarInsn(LLOAD, slot);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LLOAD, TABLE);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLT, wrapped);
    }

    /** {@code end = min(start | (span - 1), last)}: the entry's span clipped to the range. */
    private static void entrySpan(MethodVisitor mv, Level level) {
        Label clipped = new Label();
        mv.visitVarInsn(LLOAD, START);
        Constants.pushLong(mv, level.span() - 1);
        mv.visitInsn(LOR);
        mv.visitVarInsn(LSTORE, END);
        mv.visitVarInsn(LLOAD, END);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LLOAD, LAST);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLE, clipped);
        mv.visitVarInsn(LLOAD, LAST);
        mv.visitVarInsn(LSTORE, END);
        mv.visitLabel(clipped);
    }

    /** The level's rules, in order, each ending in its event and a jump to {@code next}. */
    private void rules(MethodVisitor mv, int index, Level level, WalkEvents events, Label next) {
        rules(mv, index, level, events, next, next);
    }

    /** As above, an invalid entry jumping to {@code afterInvalid} instead. */
    private void rules(MethodVisitor mv, int index, Level level, WalkEvents events, Label next, Label afterInvalid) {
        // In a walk, `va` in a rule is the first address of the entry's clipped span.
        ExprEmitter expr = new ExprEmitter(mv, Operand.local(ENTRY), Operand.local(START), Operand.unavailable("a root register"));
        for (Rule rule : level.rules()) {
            Expr condition = Simplifier.simplify(rule.condition());
            if (condition instanceof Expr.Const c && c.value() == 0) {
                continue;
            }
            boolean always = condition instanceof Expr.Const;
            RuntimeTypes.line(mv, rule.line());
            Label otherwise = new Label();
            expr.jump(condition, false, otherwise);
            switch (rule) {
                case Rule.Invalid r -> events.extendHole();
                case Rule.Fault r -> events.fault(Failure.FAULT, r.message());
                case Rule.Table r -> {
                    events.flushHoleBeforeEntry();
                    mv.visitVarInsn(ALOAD, MEM);
                    expr.value(r.address());
                    mv.visitVarInsn(LLOAD, START);
                    mv.visitVarInsn(LLOAD, END);
                    mv.visitVarInsn(ALOAD, VISITOR);
                    AttributeWord.push(mv, expr, ACC, r.attributes());
                    mv.visitMethodInsn(INVOKESTATIC, owner, methodName(ir, index + 1, form), form.levelDescriptor(), false);
                    events.stopUnless();
                }
                case Rule.Leaf r -> events.leaf(() -> {
                    expr.value(r.address());
                    mv.visitVarInsn(LLOAD, START);
                    Constants.pushLong(mv, level.span() - 1);
                    mv.visitInsn(LAND);
                    mv.visitInsn(LOR);
                }, () -> AttributeWord.push(mv, expr, ACC, r.attributes()));
            }
            Label then = rule instanceof Rule.Invalid ? afterInvalid : next;
            if (always && then == next) {
                // The rules after an unconditional one are unreachable; `next` follows directly.
                mv.visitLabel(otherwise);
                return;
            }
            mv.visitJumpInsn(GOTO, then);
            mv.visitLabel(otherwise);
            if (always) {
                return;
            }
        }
        events.fault(Failure.NO_RULE, "");
    }
}
