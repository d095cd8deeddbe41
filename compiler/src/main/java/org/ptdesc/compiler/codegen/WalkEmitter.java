package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits the public {@code walk} methods: the requested range clipped to each piece of the
 * walkable space (walkable range by root range, known at generation time, in address order),
 * and for each non-empty piece the root's top table walked by level 0's method. The level
 * methods ({@link LevelWalkEmitter}) call each other down the tree, so the recursion is at
 * most as deep as the tree.
 */
final class WalkEmitter {

    private final WalkerIr ir;
    private final String owner;

    WalkEmitter(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    /**
     * Emits the three public {@code walk} overloads and their per-level methods, then the two
     * {@code walkBatched} overloads (array and single root) and theirs, then {@code walkApart}
     * (array of roots) and its own copy of the per-event level methods.
     */
    void emit(ClassVisitor cv) {
        GeneratedMethod.overloads(cv, ir, owner, "walk", (mv, r, l) -> body(mv, r, l, WalkForm.PER_EVENT),
                new GeneratedMethod.Overload(RuntimeTypes.WALK_N, GeneratedMethod.ANY_ROOTS),
                new GeneratedMethod.Overload(RuntimeTypes.WALK_1, 1),
                new GeneratedMethod.Overload(RuntimeTypes.WALK_2, 2));
        levels(cv, WalkForm.PER_EVENT);
        GeneratedMethod.overloads(cv, ir, owner, "walkBatched", (mv, r, l) -> body(mv, r, l, WalkForm.BATCHED),
                new GeneratedMethod.Overload(RuntimeTypes.WALK_BATCHED_N, GeneratedMethod.ANY_ROOTS),
                new GeneratedMethod.Overload(RuntimeTypes.WALK_BATCHED_1, 1));
        levels(cv, WalkForm.BATCHED);
        GeneratedMethod.overloads(cv, ir, owner, "walkApart", (mv, r, l) -> body(mv, r, l, WalkForm.APART),
                new GeneratedMethod.Overload(RuntimeTypes.WALK_N, GeneratedMethod.ANY_ROOTS));
        levels(cv, WalkForm.APART);
    }

    /**
     * Emits, for a nested pair class whose stage 2 tree this is, the per-event level methods and
     * a private {@code name(mem, long[] roots, first, last, visitor)} over them, without the
     * checks of the public walk (the pair's walk has checked the roots and its visitor), which
     * splits guest pages over stage 2 pages without a call to another class.
     */
    void emitInner(ClassVisitor cv, String name) {
        GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_FINAL, name, RuntimeTypes.WALK_N, mv -> {
            LocalSlots slots = LocalSlots.of(RuntimeTypes.WALK_N, false);
            body(mv, new RootRegisters.InArray(slots.parameter(1)), slots, WalkForm.PER_EVENT, false);
        });
        levels(cv, WalkForm.PER_EVENT);
    }

    private void levels(ClassVisitor cv, WalkForm form) {
        LevelWalkEmitter levels = new LevelWalkEmitter(ir, owner, form);
        for (int i = 0; i < ir.levels().size(); i++) {
            levels.emit(cv, i);
        }
    }

    /**
     * The body of a walk overload whose last parameters are {@code first}, {@code last} and the
     * visitor, or for a batched walk the batch, which is started first and finished last.
     */
    private void body(MethodVisitor mv, RootRegisters registers, LocalSlots locals, WalkForm form) {
        body(mv, registers, locals, form, true);
    }

    private void body(MethodVisitor mv, RootRegisters registers, LocalSlots locals, WalkForm form, boolean checked) {
        int firstSlot = locals.fromEnd(2);
        int lastSlot = locals.fromEnd(1);
        int visitor = locals.lastParameter();
        int a = locals.newLong();
        int b = locals.newLong();
        int table = locals.newLong();
        Label done = new Label();
        RuntimeTypes.line(mv, ir.line());
        if (checked) {
            registers.checkCount(mv, owner, ir.roots().size());
            // A null visitor fails here, as in the interpreter, not at the first event.
            mv.visitVarInsn(ALOAD, visitor);
            mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "requireNonNull", "(Ljava/lang/Object;)Ljava/lang/Object;", false);
            mv.visitInsn(POP);
        }
        if (form == WalkForm.BATCHED) {
            // Started with this walker as its runs' decoder.
            mv.visitVarInsn(ALOAD, visitor);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, "start", "(L" + RuntimeTypes.RUN_DECODER + ";)V", false);
        }
        List<AddressPieces.Piece> pieces = AddressPieces.of(ir);
        for (AddressPieces.Piece piece : pieces) {
            Label nextPiece = new Label();
            clip(mv, firstSlot, a, piece.first(), IFGE);
            clip(mv, lastSlot, b, piece.last(), IFLE);
            unsigned(mv, a);
            unsigned(mv, b);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFGT, nextPiece);
            RootDispatchEmitter.tableOf(mv, ir.roots().get(piece.root()), registers.register(piece.root()), table);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(LLOAD, table);
            mv.visitVarInsn(LLOAD, a);
            mv.visitVarInsn(LLOAD, b);
            mv.visitVarInsn(ALOAD, visitor);
            Constants.pushLong(mv, ir.attributeInit());
            mv.visitMethodInsn(INVOKESTATIC, owner, LevelWalkEmitter.methodName(ir, 0, form), form.levelDescriptor(), false);
            if (piece == pieces.getLast()) {
                mv.visitInsn(POP); // stopped or not, the walk ends here
            } else {
                mv.visitJumpInsn(IFEQ, done);
            }
            mv.visitLabel(nextPiece);
        }
        mv.visitLabel(done);
        if (form == WalkForm.BATCHED) {
            mv.visitVarInsn(ALOAD, visitor);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, "finish", "()Z", false);
            mv.visitInsn(POP);
        }
        mv.visitInsn(RETURN);
    }

    /**
     * {@code to = from}, replaced by {@code bound} unless {@code from} compares (unsigned) to it
     * as {@code keepIf} says: a max with the piece's first address, a min with its last.
     */
    static void clip(MethodVisitor mv, int from, int to, long bound, int keepIf) {
        mv.visitVarInsn(LLOAD, from);
        mv.visitVarInsn(LSTORE, to);
        if ((keepIf == IFGE && bound == 0) || (keepIf == IFLE && bound == -1L)) {
            return;
        }
        Label keep = new Label();
        unsigned(mv, to);
        Constants.pushLong(mv, bound ^ Long.MIN_VALUE);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(keepIf, keep);
        Constants.pushLong(mv, bound);
        mv.visitVarInsn(LSTORE, to);
        mv.visitLabel(keep);
    }

    static void unsigned(MethodVisitor mv, int slot) {
        mv.visitVarInsn(LLOAD, slot);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
    }
}
