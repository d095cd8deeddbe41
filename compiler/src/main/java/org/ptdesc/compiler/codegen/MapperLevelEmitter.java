package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.MapOutcome;

/**
 * Emits one level's steps of the three operations, {@code map$l}, {@code unmap$l} and
 * {@code protect$l}: a loop over the entries of one table that the range touches, with the
 * level's span, index bits and encodings as constants, calling the next level's step by name
 * (no dispatch over levels). The loop, its bounds and its fault handling are shared; each
 * operation supplies what it does with one entry, mirroring the mapper interpreter's
 * {@code Step}.
 */
final class MapperLevelEmitter {

    private final MapperIr m;
    private final WalkerIr ir;
    private final String owner;
    private final int l;
    private final Level level;
    private final boolean last;

    MapperLevelEmitter(MapperIr m, String owner, int l) {
        this.m = m;
        this.ir = m.tree();
        this.owner = owner;
        this.l = l;
        this.level = ir.levels().get(l);
        this.last = l == ir.levels().size() - 1;
    }

    void emit(ClassVisitor cv) {
        int access = ACC_PRIVATE | ACC_STATIC;
        GeneratedMethod.emit(cv, access, MapperOps.name("map", l), MapperOps.MAP_LEVEL,
                mv -> loop(mv, new Slots(MapperOps.MAP_LEVEL), this::mapEntry));
        GeneratedMethod.emit(cv, access, MapperOps.name("unmap", l), MapperOps.UNMAP_LEVEL,
                mv -> loop(mv, new Slots(MapperOps.UNMAP_LEVEL), this::unmapEntry));
        GeneratedMethod.emit(cv, access, MapperOps.name("protect", l), MapperOps.PROTECT_LEVEL,
                mv -> loop(mv, new Slots(MapperOps.PROTECT_LEVEL), this::protectEntry));
    }

    /** The slots of one step: its parameters and the loop's locals. */
    private static final class Slots {
        final LocalSlots all;
        final int mem = 0;
        final int table = 1;
        final int first = 3;
        final int lastAddress = 5;
        final int tables;
        final int delta = 7;
        final int attributes;
        final int allowed;
        final int s;
        final int start;
        final int t;
        final int at;
        final int entry;
        final int rule;
        final int next;
        final int outcome;
        final int scratch;

        Slots(String descriptor) {
            all = LocalSlots.of(descriptor, true);
            tables = all.lastParameter();
            boolean map = descriptor.equals(MapperOps.MAP_LEVEL);
            boolean protect = descriptor.equals(MapperOps.PROTECT_LEVEL);
            attributes = map ? all.parameter(5) : protect ? all.parameter(4) : -1;
            allowed = map ? all.parameter(6) : protect ? all.parameter(5) : -1;
            s = all.newLong();
            start = all.newLong();
            t = all.newLong();
            at = all.newLong();
            entry = all.newLong();
            rule = all.newInt();
            next = all.newLong();
            outcome = all.newInt();
            scratch = all.newLong();
        }
    }

    /** What an operation does with one entry; jumps to {@code advance} when done with it. */
    @FunctionalInterface
    private interface EntryStep {
        void emit(MethodVisitor mv, Slots x, MapperOps ops, Label advance, Label returnOutcome);
    }

    private void loop(MethodVisitor mv, Slots x, EntryStep step) {
        MapperOps ops = new MapperOps(mv, ir);
        long span = level.span();
        Label loop = new Label();
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label handler = new Label();
        Label advance = new Label();
        Label returnOutcome = new Label();
        Label clipped = new Label();
        mv.visitTryCatchBlock(tryStart, tryEnd, handler, RuntimeTypes.UNREADABLE);
        mv.visitVarInsn(LLOAD, x.first);
        mv.visitVarInsn(LSTORE, x.s);
        mv.visitLabel(loop);
        mv.visitVarInsn(LLOAD, x.s);
        Constants.pushLong(mv, -span);
        mv.visitInsn(LAND);
        mv.visitVarInsn(LSTORE, x.start);
        mv.visitVarInsn(LLOAD, x.start);
        Constants.pushLong(mv, span - 1);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, x.t);
        ops.compareUnsigned(x.lastAddress, x.t, IFGT, clipped);
        mv.visitVarInsn(LLOAD, x.lastAddress);
        mv.visitVarInsn(LSTORE, x.t);
        mv.visitLabel(clipped);
        mv.visitVarInsn(LLOAD, x.table);
        EntryIndex.offset(mv, Operand.local(x.s), level, ir.entryBytes());
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, x.at);
        mv.visitLabel(tryStart);
        ops.read(x.mem, x.at);
        mv.visitVarInsn(LSTORE, x.entry);
        mv.visitVarInsn(LLOAD, x.entry);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.ruleMethod(l), "(J)I", false);
        mv.visitVarInsn(ISTORE, x.rule);
        step.emit(mv, x, ops, advance, returnOutcome);
        mv.visitLabel(tryEnd);
        mv.visitLabel(advance);
        Label more = new Label();
        ops.ifNotEqual(x.t, x.lastAddress, more);
        ops.ok();
        mv.visitInsn(ARETURN);
        mv.visitLabel(more);
        mv.visitVarInsn(LLOAD, x.t);
        Constants.pushLong(mv, 1);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, x.s);
        mv.visitJumpInsn(GOTO, loop);
        mv.visitLabel(returnOutcome);
        mv.visitVarInsn(ALOAD, x.outcome);
        mv.visitInsn(ARETURN);
        mv.visitLabel(handler);
        mv.visitInsn(POP);
        ops.fail(MapOutcome.Kind.TABLE_OUTSIDE_MEMORY, x.s, l, () -> mv.visitVarInsn(LLOAD, x.table));
    }

    /** Jumps to {@code target} unless the entry's kind is {@code kind}. */
    private static void unlessKind(MethodVisitor mv, Slots x, int kind, Label target) {
        mv.visitVarInsn(ILOAD, x.rule);
        Constants.pushInt(mv, 8);
        mv.visitInsn(IUSHR);
        Constants.pushInt(mv, kind);
        mv.visitJumpInsn(IF_ICMPNE, target);
    }

    /** Jumps to {@code target} unless the range covers the whole entry ({@code s == start && t == start + span - 1}). */
    private void unlessWhole(MethodVisitor mv, Slots x, MapperOps ops, Label target) {
        ops.ifNotEqual(x.s, x.start, target);
        mv.visitVarInsn(LLOAD, x.start);
        Constants.pushLong(mv, level.span() - 1);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LLOAD, x.t);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, target);
    }

    /** Jumps to {@code target} unless bit {@code l} of the allowed levels is set. */
    private void unlessAllowed(MethodVisitor mv, Slots x, Label target) {
        mv.visitVarInsn(ILOAD, x.allowed);
        Constants.pushInt(mv, l);
        mv.visitInsn(IUSHR);
        Constants.pushInt(mv, 1);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFEQ, target);
    }

    /** Pushes the rule index of the entry. */
    private static void ruleIndex(MethodVisitor mv, Slots x) {
        mv.visitVarInsn(ILOAD, x.rule);
        Constants.pushInt(mv, 255);
        mv.visitInsn(IAND);
    }

    /** {@code next} from a {@code newTable}/{@code split} result on the stack; fails on -1 (no memory) or -2. */
    private void checkNew(MethodVisitor mv, Slots x, MapperOps ops, int entry) {
        mv.visitVarInsn(LSTORE, x.next);
        Label fine = new Label();
        Label noMemory = new Label();
        mv.visitVarInsn(LLOAD, x.next);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGE, fine);
        mv.visitVarInsn(LLOAD, x.next);
        Constants.pushLong(mv, -1);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, noMemory);
        ops.fail(MapOutcome.Kind.NOT_ENCODABLE, x.s, l, entry);
        mv.visitLabel(noMemory);
        ops.fail(MapOutcome.Kind.NO_MEMORY, x.s, l, entry);
        mv.visitLabel(fine);
    }

    private void tableAddress(MethodVisitor mv, Slots x) {
        mv.visitVarInsn(LLOAD, x.entry);
        ruleIndex(mv, x);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("tableAddress", l), "(JI)J", false);
        mv.visitVarInsn(LSTORE, x.next);
    }

    private void split(MethodVisitor mv, Slots x, MapperOps ops) {
        mv.visitVarInsn(ALOAD, x.mem);
        mv.visitVarInsn(LLOAD, x.at);
        mv.visitVarInsn(LLOAD, x.entry);
        ruleIndex(mv, x);
        mv.visitVarInsn(ALOAD, x.tables);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("split", l), MapperOps.SPLIT, false);
        checkNew(mv, x, ops, x.entry);
    }

    private void mapEntry(MethodVisitor mv, Slots x, MapperOps ops, Label advance, Label returnOutcome) {
        Label descend = new Label();
        MapperIr.RuleEncoding leaf = m.levels().get(l).leaf();
        long span = level.span();
        if (leaf != null) {
            unlessAllowed(mv, x, descend);
            unlessWhole(mv, x, ops, descend);
            mv.visitVarInsn(LLOAD, x.s);
            mv.visitVarInsn(LLOAD, x.delta);
            mv.visitInsn(LADD);
            Constants.pushLong(mv, span - 1);
            mv.visitInsn(LAND);
            Constants.pushLong(mv, 0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, descend);
            Label free = new Label();
            Label fault = new Label();
            mv.visitVarInsn(ILOAD, x.rule);
            Constants.pushInt(mv, 8);
            mv.visitInsn(IUSHR);
            mv.visitJumpInsn(IFEQ, free);
            unlessKindIn(mv, x, fault);
            ops.fail(MapOutcome.Kind.CONFLICT, x.s, l, x.entry);
            mv.visitLabel(fault);
            ops.fail(MapOutcome.Kind.FAULT, x.s, l, x.entry);
            mv.visitLabel(free);
            Label fits = new Label();
            mv.visitVarInsn(LLOAD, x.s);
            mv.visitVarInsn(LLOAD, x.delta);
            mv.visitInsn(LADD);
            Constants.pushLong(mv, ~leaf.address().sourceMask());
            mv.visitInsn(LAND);
            Constants.pushLong(mv, 0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, fits);
            ops.fail(MapOutcome.Kind.NOT_ENCODABLE, x.s, l, -1);
            mv.visitLabel(fits);
            mv.visitVarInsn(LLOAD, x.s);
            mv.visitVarInsn(LLOAD, x.delta);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LLOAD, x.attributes);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeLeaf", l), "(JJ)J", false);
            ops.write(x.mem, x.at, x.scratch);
            mv.visitJumpInsn(GOTO, advance);
        }
        mv.visitLabel(descend);
        Label notInvalid = new Label();
        Label notTable = new Label();
        Label notLeaf = new Label();
        Label recurse = new Label();
        unlessKind(mv, x, MapperOps.INVALID, notInvalid);
        mv.visitVarInsn(ALOAD, x.mem);
        mv.visitVarInsn(LLOAD, x.at);
        mv.visitVarInsn(ALOAD, x.tables);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("newTable", l), MapperOps.NEW_TABLE, false);
        checkNew(mv, x, ops, -1);
        mv.visitJumpInsn(GOTO, recurse);
        mv.visitLabel(notInvalid);
        unlessKind(mv, x, MapperOps.TABLE, notTable);
        tableAddress(mv, x);
        mv.visitJumpInsn(GOTO, recurse);
        mv.visitLabel(notTable);
        unlessKind(mv, x, MapperOps.LEAF, notLeaf);
        ops.fail(MapOutcome.Kind.CONFLICT, x.s, l, x.entry);
        mv.visitLabel(notLeaf);
        ops.fail(MapOutcome.Kind.FAULT, x.s, l, x.entry);
        mv.visitLabel(recurse);
        if (last) {
            ops.fail(MapOutcome.Kind.NOT_ENCODABLE, x.s, l, -1);
            return;
        }
        mv.visitVarInsn(ALOAD, x.mem);
        mv.visitVarInsn(LLOAD, x.next);
        mv.visitVarInsn(LLOAD, x.s);
        mv.visitVarInsn(LLOAD, x.t);
        mv.visitVarInsn(LLOAD, x.delta);
        mv.visitVarInsn(LLOAD, x.attributes);
        mv.visitVarInsn(ILOAD, x.allowed);
        mv.visitVarInsn(ALOAD, x.tables);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("map", l + 1), MapperOps.MAP_LEVEL, false);
        ops.unlessOk(x.outcome, returnOutcome);
        mv.visitJumpInsn(GOTO, advance);
    }

    /** Jumps to {@code fault} unless the (valid) entry is a table or a leaf, which a new leaf conflicts with. */
    private static void unlessKindIn(MethodVisitor mv, Slots x, Label fault) {
        mv.visitVarInsn(ILOAD, x.rule);
        Constants.pushInt(mv, 8);
        mv.visitInsn(IUSHR);
        Constants.pushInt(mv, MapperOps.OTHER);
        mv.visitJumpInsn(IF_ICMPEQ, fault);
    }

    /**
     * The steps unmap and protect share for the entry in {@code x}: an invalid entry is skipped;
     * a leaf the range covers whole gets {@code wholeLeaf} (which ends by jumping to
     * {@code advance} or returning); a leaf it covers in part is split, and a table is entered, by
     * {@code recurse} (the call one level down, which ends likewise); anything else, or either
     * of those at the last level, is a failure.
     */
    private void existingEntry(MethodVisitor mv, Slots x, MapperOps ops, Label advance, Runnable wholeLeaf,
            Runnable recurse) {
        Label notInvalid = new Label();
        Label notLeaf = new Label();
        Label partial = new Label();
        Label notTable = new Label();
        Label down = new Label();
        unlessKind(mv, x, MapperOps.INVALID, notInvalid);
        mv.visitJumpInsn(GOTO, advance);
        mv.visitLabel(notInvalid);
        unlessKind(mv, x, MapperOps.LEAF, notLeaf);
        unlessWhole(mv, x, ops, partial);
        wholeLeaf.run();
        mv.visitLabel(partial);
        if (last) {
            ops.fail(MapOutcome.Kind.NOT_ENCODABLE, x.s, l, x.entry);
        } else {
            split(mv, x, ops);
            mv.visitJumpInsn(GOTO, down);
        }
        mv.visitLabel(notLeaf);
        unlessKind(mv, x, MapperOps.TABLE, notTable);
        if (last) {
            ops.fail(MapOutcome.Kind.FAULT, x.s, l, x.entry);
        } else {
            tableAddress(mv, x);
            mv.visitJumpInsn(GOTO, down);
        }
        mv.visitLabel(notTable);
        ops.fail(MapOutcome.Kind.FAULT, x.s, l, x.entry);
        mv.visitLabel(down);
        if (last) {
            mv.visitJumpInsn(GOTO, advance);
        } else {
            recurse.run();
        }
    }

    private void unmapEntry(MethodVisitor mv, Slots x, MapperOps ops, Label advance, Label returnOutcome) {
        existingEntry(mv, x, ops, advance, () -> {
            Constants.pushLong(mv, m.levels().get(l).invalidEntry());
            ops.write(x.mem, x.at, x.scratch);
            mv.visitJumpInsn(GOTO, advance);
        }, () -> {
            mv.visitVarInsn(ALOAD, x.mem);
            mv.visitVarInsn(LLOAD, x.next);
            mv.visitVarInsn(LLOAD, x.s);
            mv.visitVarInsn(LLOAD, x.t);
            mv.visitVarInsn(ALOAD, x.tables);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("unmap", l + 1), MapperOps.UNMAP_LEVEL, false);
            ops.unlessOk(x.outcome, returnOutcome);
            // The table below is freed once the unmap has left it empty.
            mv.visitVarInsn(ALOAD, x.mem);
            mv.visitVarInsn(LLOAD, x.next);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("empty", l + 1), MapperOps.EMPTY, false);
            mv.visitJumpInsn(IFEQ, advance);
            Constants.pushLong(mv, m.levels().get(l).invalidEntry());
            ops.write(x.mem, x.at, x.scratch);
            mv.visitVarInsn(ALOAD, x.tables);
            mv.visitVarInsn(LLOAD, x.next);
            Constants.pushLong(mv, m.levels().get(l + 1).tableBytes());
            mv.visitMethodInsn(INVOKEINTERFACE, MapperOps.ALLOCATOR, "free", "(JJ)V", true);
            mv.visitJumpInsn(GOTO, advance);
        });
    }

    private void protectEntry(MethodVisitor mv, Slots x, MapperOps ops, Label advance, Label returnOutcome) {
        existingEntry(mv, x, ops, advance, () -> {
            Label allowed = new Label();
            mv.visitVarInsn(ILOAD, x.allowed);
            Constants.pushInt(mv, l);
            mv.visitInsn(IUSHR);
            Constants.pushInt(mv, 1);
            mv.visitInsn(IAND);
            mv.visitJumpInsn(IFNE, allowed);
            ops.fail(MapOutcome.Kind.NOT_ENCODABLE, x.s, l, x.entry);
            mv.visitLabel(allowed);
            mv.visitVarInsn(LLOAD, x.entry);
            ruleIndex(mv, x);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("leafAddress", l), "(JI)J", false);
            mv.visitVarInsn(LLOAD, x.attributes);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeLeaf", l), "(JJ)J", false);
            ops.write(x.mem, x.at, x.scratch);
            mv.visitJumpInsn(GOTO, advance);
        }, () -> {
            mv.visitVarInsn(ALOAD, x.mem);
            mv.visitVarInsn(LLOAD, x.next);
            mv.visitVarInsn(LLOAD, x.s);
            mv.visitVarInsn(LLOAD, x.t);
            mv.visitVarInsn(LLOAD, x.attributes);
            mv.visitVarInsn(ILOAD, x.allowed);
            mv.visitVarInsn(ALOAD, x.tables);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("protect", l + 1), MapperOps.PROTECT_LEVEL, false);
            ops.unlessOk(x.outcome, returnOutcome);
            mv.visitJumpInsn(GOTO, advance);
        });
    }
}
