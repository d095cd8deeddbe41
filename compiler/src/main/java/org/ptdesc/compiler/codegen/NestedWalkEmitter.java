package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;

/**
 * Emits a pair class's {@code walk}: one method per guest level, like a plain walker's level
 * methods ({@link LevelWalkEmitter}), in which every guest table entry's guest physical address
 * is translated by the stage 2 levels inlined ({@link Stage2Inline}) before the entry is read
 * from host memory, and every guest leaf is split over stage 2 pages by the stage 2 tree's own
 * walk, emitted into the same class ({@link WalkEmitter#emitInner}) and reporting through one
 * {@link org.ptdesc.runtime.GuestPageSplit} reused for every page. Events, their order, the
 * clipping, the runs of unreadable entries ({@link org.ptdesc.runtime.NestedFaultRun}) and the
 * stop semantics are those of the reference ({@code NestedInterpreter}). A walk allocates its
 * fault run and its split, and nothing per table or per leaf; a stage 2 failure under a guest
 * table entry allocates the {@code Translation} that says why.
 */
final class NestedWalkEmitter {

    private static final String FAULT_RUN = "org/ptdesc/runtime/NestedFaultRun";
    private static final String PAGE_SPLIT = "org/ptdesc/runtime/GuestPageSplit";
    private static final String STAGE = "org/ptdesc/runtime/NestedTranslation$Stage";
    private static final String STAGE_D = "L" + STAGE + ";";
    /** {@code NestedFaultRun.add} and {@code NestedVisitor.fault}: (first, last, stage, guestLevel, hostLevel, entry, kind, message). */
    private static final String FAULT = "(JJ" + STAGE_D + "IIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)Z";
    /** A guest level method: (mem, hostRoots, table, first, last, visitor, attributes, faults, split) -> continue? */
    private static final String LEVEL = "(" + RuntimeTypes.MEMORY_D + "[JJJJ" + NestedTypes.NESTED_VISITOR_D + "JL"
            + FAULT_RUN + ";L" + PAGE_SPLIT + ";)Z";
    private static final String STAGE2_WALK = "stage2Walk";

    private final WalkerIr guest;
    private final WalkerIr host;
    private final String owner;

    NestedWalkEmitter(WalkerIr guest, WalkerIr host, String owner) {
        this.guest = guest;
        this.host = host;
        this.owner = owner;
    }

    /** The public walk, a method per guest level, and the stage 2 walk of guest pages. */
    void emit(ClassVisitor cv) {
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "walk", NestedTypes.WALK_N, this::walk);
        for (int i = 0; i < guest.levels().size(); i++) {
            int index = i;
            GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_FINAL, methodName(index), LEVEL, mv -> new LevelBody(mv, index).emit());
        }
        new WalkEmitter(host, owner).emitInner(cv, STAGE2_WALK);
    }

    /** The guest level's method name ({@code guestWalk0_PML4}); the stage 2 levels' are {@code walk0_...}. */
    private String methodName(int index) {
        return "guestW" + LevelWalkEmitter.methodName(guest, index).substring(1);
    }

    /**
     * {@code walk(mem, guestRoots, hostRoots, first, last, visitor)}: the roots checked, the
     * visitor not null, then, for each piece of the guest's walkable space (in address order)
     * that meets first..last, the root's top table walked by level 0's method.
     */
    private void walk(MethodVisitor mv) {
        LocalSlots locals = LocalSlots.of(NestedTypes.WALK_N, false);
        int mem = locals.parameter(0);
        int guestRoots = locals.parameter(1);
        int hostRoots = locals.parameter(2);
        int first = locals.parameter(3);
        int last = locals.parameter(4);
        int visitor = locals.parameter(5);
        int a = locals.newLong();
        int b = locals.newLong();
        int table = locals.newLong();
        int faults = locals.newInt();
        int split = locals.newInt();
        RuntimeTypes.line(mv, guest.line());
        RootCountError.checkArray(mv, owner, NestedTypes.GUEST_ROOT_COUNT_ERROR, guestRoots, guest.roots().size());
        RootCountError.checkArray(mv, owner, NestedTypes.HOST_ROOT_COUNT_ERROR, hostRoots, host.roots().size());
        mv.visitVarInsn(ALOAD, visitor);
        mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "requireNonNull", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
        mv.visitInsn(POP);
        // The walk's fixed allocation: one fault run and one page split, reused throughout.
        newWithVisitor(mv, FAULT_RUN, visitor, faults);
        newWithVisitor(mv, PAGE_SPLIT, visitor, split);
        Label done = new Label();
        RootRegisters registers = new RootRegisters.InArray(guestRoots);
        List<AddressPieces.Piece> pieces = AddressPieces.of(guest);
        for (AddressPieces.Piece piece : pieces) {
            Label nextPiece = new Label();
            WalkEmitter.clip(mv, first, a, piece.first(), IFGE);
            WalkEmitter.clip(mv, last, b, piece.last(), IFLE);
            WalkEmitter.unsigned(mv, a);
            WalkEmitter.unsigned(mv, b);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFGT, nextPiece);
            RootDispatchEmitter.tableOf(mv, guest.roots().get(piece.root()), registers.register(piece.root()), table);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, mem);
            mv.visitVarInsn(ALOAD, hostRoots);
            mv.visitVarInsn(LLOAD, table);
            mv.visitVarInsn(LLOAD, a);
            mv.visitVarInsn(LLOAD, b);
            mv.visitVarInsn(ALOAD, visitor);
            Constants.pushLong(mv, guest.attributeInit());
            mv.visitVarInsn(ALOAD, faults);
            mv.visitVarInsn(ALOAD, split);
            mv.visitMethodInsn(INVOKEVIRTUAL, owner, methodName(0), LEVEL, false);
            mv.visitJumpInsn(IFEQ, done);
            mv.visitLabel(nextPiece);
        }
        mv.visitLabel(done);
        mv.visitInsn(RETURN);
    }

    private static void newWithVisitor(MethodVisitor mv, String type, int visitor, int slot) {
        mv.visitTypeInsn(NEW, type);
        mv.visitInsn(DUP);
        mv.visitVarInsn(ALOAD, visitor);
        mv.visitMethodInsn(INVOKESPECIAL, type, "<init>", "(" + NestedTypes.NESTED_VISITOR_D + ")V", false);
        mv.visitVarInsn(ASTORE, slot);
    }

    /** One guest level's method: its slots and the code that reads them. */
    private final class LevelBody {
        private final MethodVisitor mv;
        private final int index;
        private final Level level;
        private final int mem;
        private final int hostRoots;
        private final int table;
        private final int first;
        private final int last;
        private final int visitor;
        private final int acc;
        private final int faults;
        private final int split;
        /** The current entry's span, clipped to first..last (s..t in the reference). */
        private final int start;
        private final int end;
        /** The entry's guest physical address, then its host physical address. */
        private final int at;
        private final int hpa;
        private final int entry;
        /** A guest leaf's guest physical address. */
        private final int gpa;
        /** The host physical address of the first entry in range, for {@code pre}. */
        private final int hostTable;
        /** 1 while a run of invalid entries from HOLE_START to HOLE_END awaits its hole event. */
        private final int inHole;
        private final int holeStart;
        private final int holeEnd;
        /** The stage 2 Translation that says why an entry's address has no host address. */
        private final int failure;
        private final Stage2Inline stage2;
        private final Label returnFalse = new Label();

        LevelBody(MethodVisitor mv, int index) {
            this.mv = mv;
            this.index = index;
            this.level = guest.levels().get(index);
            LocalSlots locals = LocalSlots.of(LEVEL, false);
            mem = locals.parameter(0);
            hostRoots = locals.parameter(1);
            table = locals.parameter(2);
            first = locals.parameter(3);
            last = locals.parameter(4);
            visitor = locals.parameter(5);
            acc = locals.parameter(6);
            faults = locals.parameter(7);
            split = locals.parameter(8);
            start = locals.newLong();
            end = locals.newLong();
            at = locals.newLong();
            hpa = locals.newLong();
            entry = locals.newLong();
            gpa = locals.newLong();
            hostTable = locals.newLong();
            inHole = locals.newInt();
            holeStart = locals.newLong();
            holeEnd = locals.newLong();
            failure = locals.newInt();
            stage2 = new Stage2Inline(mv, host, new RootRegisters.InArray(hostRoots), mem, locals);
        }

        void emit() {
            RuntimeTypes.line(mv, level.line());
            pre();
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, inHole);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, holeStart);
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, holeEnd);
            mv.visitVarInsn(LLOAD, first);
            mv.visitVarInsn(LSTORE, start);

            Label loop = new Label();
            Label next = new Label();
            Label hostFailed = new Label();
            Label unreadable = new Label();
            mv.visitLabel(loop);
            RuntimeTypes.line(mv, level.line());
            entrySpan();
            entryAddress(start, at);
            stage2.detailed(at, hpa, false, failure, hostFailed);
            Label readStart = new Label();
            Label readEnd = new Label();
            mv.visitTryCatchBlock(readStart, readEnd, unreadable, RuntimeTypes.UNREADABLE);
            mv.visitLabel(readStart);
            mv.visitVarInsn(ALOAD, mem);
            mv.visitVarInsn(LLOAD, hpa);
            RuntimeTypes.read(mv, guest.entryBytes(), guest.bigEndian());
            mv.visitVarInsn(LSTORE, entry);
            mv.visitLabel(readEnd);
            rules(next);

            // Stage 2 has no host address for the entry: a fault of stage 2 under this guest level.
            mv.visitLabel(hostFailed);
            flushHole();
            mv.visitVarInsn(ALOAD, faults);
            mv.visitVarInsn(LLOAD, start);
            mv.visitVarInsn(LLOAD, end);
            stage("HOST");
            Constants.pushInt(mv, index);
            mv.visitVarInsn(ALOAD, failure);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.TRANSLATION, "level", "()I", false);
            mv.visitVarInsn(LLOAD, at);
            mv.visitVarInsn(ALOAD, failure);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.TRANSLATION, "failure", "()" + RuntimeTypes.FAILURE_D, false);
            mv.visitVarInsn(ALOAD, failure);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.TRANSLATION, "message", "()Ljava/lang/String;", false);
            mv.visitMethodInsn(INVOKEVIRTUAL, FAULT_RUN, "add", FAULT, false);
            mv.visitJumpInsn(IFEQ, returnFalse);
            mv.visitJumpInsn(GOTO, next);

            // Stage 2 maps the entry outside host memory: the guest table is outside memory.
            mv.visitLabel(unreadable);
            mv.visitInsn(POP);
            flushHole();
            mv.visitVarInsn(ALOAD, faults);
            mv.visitVarInsn(LLOAD, start);
            mv.visitVarInsn(LLOAD, end);
            stage("GUEST");
            Constants.pushInt(mv, index);
            Constants.pushInt(mv, -1);
            mv.visitVarInsn(LLOAD, hpa);
            RuntimeTypes.failure(mv, Failure.TABLE_OUTSIDE_MEMORY);
            mv.visitLdcInsn("");
            mv.visitMethodInsn(INVOKEVIRTUAL, FAULT_RUN, "add", FAULT, false);
            mv.visitJumpInsn(IFEQ, returnFalse);

            // next: stop after the entry holding `last` (no overflow at the top of the space)
            mv.visitLabel(next);
            Label done = new Label();
            mv.visitVarInsn(LLOAD, end);
            mv.visitVarInsn(LLOAD, last);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, done);
            mv.visitVarInsn(LLOAD, end);
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, start);
            mv.visitJumpInsn(GOTO, loop);

            mv.visitLabel(done);
            flushFaults();
            flushHole();
            mv.visitVarInsn(ALOAD, visitor);
            mv.visitVarInsn(LLOAD, first);
            mv.visitVarInsn(LLOAD, last);
            Constants.pushInt(mv, index);
            mv.visitVarInsn(LLOAD, table);
            mv.visitMethodInsn(INVOKEINTERFACE, NestedTypes.NESTED_VISITOR, "post", "(JJIJ)Z", true);
            mv.visitInsn(IRETURN);

            mv.visitLabel(returnFalse);
            mv.visitInsn(ICONST_0);
            mv.visitInsn(IRETURN);
        }

        /**
         * {@code pre(first, last, level, table, host address of the first entry or NO_MAPPING)}:
         * STOP returns false, SKIP returns true, anything else walks the table.
         */
        private void pre() {
            Label failed = new Label();
            Label unreadableTable = new Label();
            Label report = new Label();
            entryAddress(first, at);
            stage2.plain(at, hostTable, failed, unreadableTable);
            mv.visitJumpInsn(GOTO, report);
            mv.visitLabel(unreadableTable);
            mv.visitInsn(POP);
            mv.visitLabel(failed);
            Constants.pushLong(mv, -1L);
            mv.visitVarInsn(LSTORE, hostTable);
            mv.visitLabel(report);
            mv.visitVarInsn(ALOAD, visitor);
            mv.visitVarInsn(LLOAD, first);
            mv.visitVarInsn(LLOAD, last);
            Constants.pushInt(mv, index);
            mv.visitVarInsn(LLOAD, table);
            mv.visitVarInsn(LLOAD, hostTable);
            mv.visitMethodInsn(INVOKEINTERFACE, NestedTypes.NESTED_VISITOR, "pre",
                    "(JJIJJ)" + RuntimeTypes.ACTION_D, true);
            WalkEvents.actOnPre(mv);
        }

        /** {@code to = table + index(va) * entryBytes}: the guest physical address of va's entry. */
        private void entryAddress(int va, int to) {
            mv.visitVarInsn(LLOAD, table);
            EntryIndex.offset(mv, Operand.local(va), level, guest.entryBytes());
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, to);
        }

        /** {@code end = min(start | (span - 1), last)}: the entry's span clipped to the range. */
        private void entrySpan() {
            Label clipped = new Label();
            mv.visitVarInsn(LLOAD, start);
            Constants.pushLong(mv, level.span() - 1);
            mv.visitInsn(LOR);
            mv.visitVarInsn(LSTORE, end);
            WalkEmitter.unsigned(mv, end);
            WalkEmitter.unsigned(mv, last);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFLE, clipped);
            mv.visitVarInsn(LLOAD, last);
            mv.visitVarInsn(LSTORE, end);
            mv.visitLabel(clipped);
        }

        /** The level's rules, in order, each ending in its event and a jump to {@code next}. */
        private void rules(Label next) {
            // As in the reference, `va` in a rule is the first address of the entry's clipped span.
            ExprEmitter expr = new ExprEmitter(mv, Operand.local(entry), Operand.local(start),
                    Operand.unavailable("a root register"));
            for (Rule rule : level.rules()) {
                Expr condition = Simplifier.simplify(rule.condition());
                if (condition instanceof Expr.Const c && c.value() == 0) {
                    continue;
                }
                RuntimeTypes.line(mv, rule.line());
                Label otherwise = new Label();
                expr.jump(condition, false, otherwise);
                switch (rule) {
                    case Rule.Invalid r -> extendHole();
                    case Rule.Fault r -> guestFault(Failure.FAULT, r.message());
                    case Rule.Table r -> {
                        beforeEntryEvent();
                        mv.visitVarInsn(ALOAD, 0);
                        mv.visitVarInsn(ALOAD, mem);
                        mv.visitVarInsn(ALOAD, hostRoots);
                        expr.value(r.address());
                        mv.visitVarInsn(LLOAD, start);
                        mv.visitVarInsn(LLOAD, end);
                        mv.visitVarInsn(ALOAD, visitor);
                        AttributeWord.push(mv, expr, acc, r.attributes());
                        mv.visitVarInsn(ALOAD, faults);
                        mv.visitVarInsn(ALOAD, split);
                        mv.visitMethodInsn(INVOKEVIRTUAL, owner, methodName(index + 1), LEVEL, false);
                        mv.visitJumpInsn(IFEQ, returnFalse);
                    }
                    case Rule.Leaf r -> leaf(expr, r);
                }
                mv.visitJumpInsn(GOTO, next);
                mv.visitLabel(otherwise);
                if (condition instanceof Expr.Const) {
                    // The rules after an unconditional one are unreachable.
                    return;
                }
            }
            guestFault(Failure.NO_RULE, "");
            mv.visitJumpInsn(GOTO, next);
        }

        /**
         * The guest page start..end: {@code split.start(start, gpa, level, entry, attributes)},
         * the stage 2 walk of gpa..gpa + (end - start) into the split, {@code split.finish}.
         */
        private void leaf(ExprEmitter expr, Rule.Leaf r) {
            beforeEntryEvent();
            expr.value(r.address());
            mv.visitVarInsn(LLOAD, start);
            Constants.pushLong(mv, level.span() - 1);
            mv.visitInsn(LAND);
            mv.visitInsn(LOR);
            mv.visitVarInsn(LSTORE, gpa);
            mv.visitVarInsn(ALOAD, split);
            mv.visitVarInsn(LLOAD, start);
            mv.visitVarInsn(LLOAD, gpa);
            Constants.pushInt(mv, index);
            mv.visitVarInsn(LLOAD, entry);
            AttributeWord.push(mv, expr, acc, r.attributes());
            mv.visitMethodInsn(INVOKEVIRTUAL, PAGE_SPLIT, "start", "(JJIJJ)V", false);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, mem);
            mv.visitVarInsn(ALOAD, hostRoots);
            mv.visitVarInsn(LLOAD, gpa);
            mv.visitVarInsn(LLOAD, gpa);
            pushLength();
            mv.visitInsn(LADD);
            mv.visitVarInsn(ALOAD, split);
            mv.visitMethodInsn(INVOKEVIRTUAL, owner, STAGE2_WALK, RuntimeTypes.WALK_N, false);
            mv.visitVarInsn(ALOAD, split);
            pushLength();
            mv.visitMethodInsn(INVOKEVIRTUAL, PAGE_SPLIT, "finish", "(J)Z", false);
            mv.visitJumpInsn(IFEQ, returnFalse);
        }

        private void pushLength() {
            mv.visitVarInsn(LLOAD, end);
            mv.visitVarInsn(LLOAD, start);
            mv.visitInsn(LSUB);
        }

        /** {@code visitor.fault(start, end, GUEST, level, -1, entry, kind, message)}, after what is pending. */
        private void guestFault(Failure kind, String message) {
            beforeEntryEvent();
            mv.visitVarInsn(ALOAD, visitor);
            mv.visitVarInsn(LLOAD, start);
            mv.visitVarInsn(LLOAD, end);
            stage("GUEST");
            Constants.pushInt(mv, index);
            Constants.pushInt(mv, -1);
            mv.visitVarInsn(LLOAD, entry);
            RuntimeTypes.failure(mv, kind);
            mv.visitLdcInsn(message);
            mv.visitMethodInsn(INVOKEINTERFACE, NestedTypes.NESTED_VISITOR, "fault", FAULT, true);
            mv.visitJumpInsn(IFEQ, returnFalse);
        }

        /** An invalid entry: the pending fault run first, then the hole run starts or grows. */
        private void extendHole() {
            flushFaults();
            Label extending = new Label();
            mv.visitVarInsn(ILOAD, inHole);
            mv.visitJumpInsn(IFNE, extending);
            mv.visitInsn(ICONST_1);
            mv.visitVarInsn(ISTORE, inHole);
            mv.visitVarInsn(LLOAD, start);
            mv.visitVarInsn(LSTORE, holeStart);
            mv.visitLabel(extending);
            mv.visitVarInsn(LLOAD, end);
            mv.visitVarInsn(LSTORE, holeEnd);
        }

        /** Before a readable entry's own event: the pending hole, then the pending fault run. */
        private void beforeEntryEvent() {
            flushHole();
            flushFaults();
        }

        private void flushFaults() {
            mv.visitVarInsn(ALOAD, faults);
            mv.visitMethodInsn(INVOKEVIRTUAL, FAULT_RUN, "flush", "()Z", false);
            mv.visitJumpInsn(IFEQ, returnFalse);
        }

        /** Reports the pending run of invalid entries, if any, as one guest hole. */
        private void flushHole() {
            Label none = new Label();
            mv.visitVarInsn(ILOAD, inHole);
            mv.visitJumpInsn(IFEQ, none);
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, inHole);
            mv.visitVarInsn(ALOAD, visitor);
            mv.visitVarInsn(LLOAD, holeStart);
            mv.visitVarInsn(LLOAD, holeEnd);
            stage("GUEST");
            Constants.pushInt(mv, index);
            mv.visitMethodInsn(INVOKEINTERFACE, NestedTypes.NESTED_VISITOR, "hole", "(JJ" + STAGE_D + "I)Z", true);
            mv.visitJumpInsn(IFEQ, returnFalse);
            mv.visitLabel(none);
        }

        private void stage(String name) {
            mv.visitFieldInsn(GETSTATIC, STAGE, name, STAGE_D);
        }
    }
}
