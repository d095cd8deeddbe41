package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;
import static org.ptdesc.compiler.codegen.LevelWalkEmitter.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.runtime.Failure;

/**
 * Emits the visitor side of one level's walk method: the calls of {@link
 * org.ptdesc.runtime.WalkVisitor} with their arguments from the method's locals, the return
 * that ends the whole walk when the visitor says so, and the bookkeeping that turns a run of
 * invalid entries into one {@code hole} event, reported before any other event of the table.
 */
final class WalkEvents {

    private static final String HOLE = "(JJI)Z";
    private static final String PRE = "(JJIJ)" + RuntimeTypes.ACTION_D;
    private static final String POST = "(JJIJ)Z";
    private static final String LEAF = "(JJJIJJ)Z";
    private static final String FAULT = "(JJIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)Z";

    private final MethodVisitor mv;
    private final int level;
    private final WalkForm form;
    /**
     * In the counted loop of a batched walk's level without tables: events are stored without
     * delivering ({@code addLeaf}, {@code addHole}, {@code addFault}), the loop delivering
     * between runs of entries ({@link LevelWalkEmitter}), so that no call is on its hot path.
     */
    private final boolean deferred;

    WalkEvents(MethodVisitor mv, int level, WalkForm form) {
        this(mv, level, form, false);
    }

    private WalkEvents(MethodVisitor mv, int level, WalkForm form, boolean deferred) {
        this.mv = mv;
        this.level = level;
        this.form = form;
        this.deferred = deferred;
    }

    /** These events as a batched walk's counted loop reports them: stored, delivered by the loop. */
    WalkEvents deferred() {
        return new WalkEvents(mv, level, form, true);
    }

    /** {@code return visitor.fault(first, last, level, table, TABLE_OUTSIDE_MEMORY, "")}. */
    void tableOutsideMemory() {
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LLOAD, LAST);
        Constants.pushInt(mv, level);
        mv.visitVarInsn(LLOAD, TABLE);
        RuntimeTypes.failure(mv, Failure.TABLE_OUTSIDE_MEMORY);
        mv.visitLdcInsn("");
        form.call(mv, "fault", FAULT);
        mv.visitInsn(IRETURN);
    }

    /**
     * Acts on the {@code Action} a visitor's {@code pre} left on the stack: STOP returns false
     * from the level method, SKIP returns true, anything else goes on to walk the table.
     */
    static void actOnPre(MethodVisitor mv) {
        Label notStop = new Label();
        Label walk = new Label();
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETSTATIC, RuntimeTypes.ACTION, "STOP", RuntimeTypes.ACTION_D);
        mv.visitJumpInsn(IF_ACMPNE, notStop);
        mv.visitInsn(POP);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(IRETURN);
        mv.visitLabel(notStop);
        mv.visitFieldInsn(GETSTATIC, RuntimeTypes.ACTION, "SKIP", RuntimeTypes.ACTION_D);
        mv.visitJumpInsn(IF_ACMPNE, walk);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(walk);
    }

    /** {@code pre}: STOP returns false, SKIP returns true, anything else walks the table. */
    void pre() {
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LLOAD, LAST);
        Constants.pushInt(mv, level);
        mv.visitVarInsn(LLOAD, TABLE);
        form.call(mv, "pre", PRE);
        actOnPre(mv);
        // No hole run yet.
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, IN_HOLE);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, HOLE_START);
    }

    /** After the last entry: the pending hole (it ends at {@code last}), then {@code return visitor.post(...)}. */
    void post() {
        flushHole(() -> mv.visitVarInsn(LLOAD, LAST));
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LLOAD, LAST);
        Constants.pushInt(mv, level);
        mv.visitVarInsn(LLOAD, TABLE);
        form.call(mv, "post", POST);
        mv.visitInsn(IRETURN);
    }

    /** {@code visitor.fault(start, end, level, entry, kind, message)} for this entry. */
    void fault(Failure kind, String message) {
        flushHoleBeforeEntry();
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, START);
        mv.visitVarInsn(LLOAD, END);
        Constants.pushInt(mv, level);
        mv.visitVarInsn(LLOAD, ENTRY);
        RuntimeTypes.failure(mv, kind);
        mv.visitLdcInsn(message);
        event("fault", FAULT);
    }

    /**
     * {@code visitor.leaf(start, pa, end - start + 1, level, entry, attributes)}; {@code pa}
     * and {@code attributes} are pushed by the caller's emitters.
     */
    void leaf(Runnable pushPa, Runnable pushAttributes) {
        flushHoleBeforeEntry();
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, START);
        pushPa.run();
        mv.visitVarInsn(LLOAD, END);
        mv.visitVarInsn(LLOAD, START);
        mv.visitInsn(LSUB);
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LADD);
        Constants.pushInt(mv, level);
        mv.visitVarInsn(LLOAD, ENTRY);
        pushAttributes.run();
        event("leaf", LEAF);
    }

    /** An invalid entry starts a hole run, or extends the current one. */
    void extendHole() {
        Label extending = new Label();
        mv.visitVarInsn(ILOAD, IN_HOLE);
        mv.visitJumpInsn(IFNE, extending);
        mv.visitInsn(ICONST_1);
        mv.visitVarInsn(ISTORE, IN_HOLE);
        mv.visitVarInsn(LLOAD, START);
        mv.visitVarInsn(LSTORE, HOLE_START);
        mv.visitLabel(extending);
    }

    /** Reports the pending hole run, which ends just before this entry. */
    void flushHoleBeforeEntry() {
        flushHole(() -> {
            mv.visitVarInsn(LLOAD, START);
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LSUB);
        });
    }

    private void flushHole(Runnable pushEnd) {
        Label none = new Label();
        mv.visitVarInsn(ILOAD, IN_HOLE);
        mv.visitJumpInsn(IFEQ, none);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, IN_HOLE);
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, HOLE_START);
        pushEnd.run();
        Constants.pushInt(mv, level);
        event("hole", HOLE);
        mv.visitLabel(none);
    }

    /**
     * Calls event {@code name} and returns false from the level method if the visitor stopped;
     * deferred, calls the batch's {@code add} twin instead, which neither delivers nor answers.
     */
    private void event(String name, String descriptor) {
        if (deferred) {
            String add = "add" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.LEAF_BATCH, add, descriptor.replace(")Z", ")V"), false);
        } else {
            form.call(mv, name, descriptor);
            stopUnless();
        }
    }

    /** {@code if (!<boolean on the stack>) return false;}: the visitor ended the walk. */
    void stopUnless() {
        Label go = new Label();
        mv.visitJumpInsn(IFNE, go);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(IRETURN);
        mv.visitLabel(go);
    }
}
