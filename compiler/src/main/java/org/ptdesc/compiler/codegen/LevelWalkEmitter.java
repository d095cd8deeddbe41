package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;

/**
 * Emits one level's walk method,
 * {@code static boolean walkN_NAME(mem, table, first, last, visitor, attributes)}: check that the
 * entries for {@code first..last} are readable, report {@code pre}, loop over those entries of
 * this one table (the only loop), decide each entry with the level's rules inlined, report
 * leaves, faults and runs of invalid entries as single holes, call the next level's method
 * for tables, then report {@code post}. Returns false when the visitor stopped the walk. The
 * per-entry loop keeps everything in locals: it allocates nothing.
 */
final class LevelWalkEmitter {

    private static final int MEM = 0;
    private static final int TABLE = 1;
    private static final int FIRST = 3;
    private static final int LAST = 5;
    private static final int VISITOR = 7;
    private static final int ACC = 8;
    private static final int START = 10;
    private static final int END = 12;
    private static final int ENTRY = 14;
    private static final int IN_HOLE = 16;
    private static final int HOLE_START = 17;

    private static final String HOLE = "(JJI)Z";
    private static final String PRE = "(JJIJ)" + RuntimeTypes.ACTION_D;
    private static final String POST = "(JJIJ)Z";
    private static final String LEAF = "(JJJIJJ)Z";
    private static final String FAULT = "(JJIJ" + RuntimeTypes.FAILURE_D + "Ljava/lang/String;)Z";

    private final WalkerIr ir;
    private final String owner;

    LevelWalkEmitter(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    /** The name of level {@code index}'s walk method (it shows in stack traces). */
    static String methodName(WalkerIr ir, int index) {
        String name = ir.levels().get(index).name();
        StringBuilder sb = new StringBuilder("walk").append(index).append('_');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(Character.isJavaIdentifierPart(c) ? c : '_');
        }
        return sb.toString();
    }

    void emit(ClassVisitor cv, int index) {
        Level level = ir.levels().get(index);
        MethodVisitor mv = cv.visitMethod(ACC_PRIVATE | ACC_STATIC, methodName(ir, index), RuntimeTypes.WALK_LEVEL, null, null);
        mv.visitCode();
        RuntimeTypes.line(mv, level.line());
        readableOrFault(mv, index, level);
        pre(mv, index);

        ExprEmitter expr = new ExprEmitter(mv, Operand.local(ENTRY), Operand.local(START), Operand.unavailable("a root register"));
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, IN_HOLE);
        mv.visitInsn(LCONST_0);
        mv.visitVarInsn(LSTORE, HOLE_START);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LSTORE, START);
        Label loop = new Label();
        Label next = new Label();
        mv.visitLabel(loop);
        RuntimeTypes.line(mv, level.line());
        entrySpan(mv, level);
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, TABLE);
        EntryIndex.offset(mv, Operand.local(START), level, ir.entryBytes());
        mv.visitInsn(LADD);
        RuntimeTypes.read(mv, ir.entryBytes(), ir.bigEndian());
        mv.visitVarInsn(LSTORE, ENTRY);
        rules(mv, expr, index, level, next);

        // next: stop after the entry holding `last` (no overflow at the top of the space)
        mv.visitLabel(next);
        Label done = new Label();
        mv.visitVarInsn(LLOAD, END);
        mv.visitVarInsn(LLOAD, LAST);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, done);
        mv.visitVarInsn(LLOAD, END);
        mv.visitInsn(LCONST_1);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, START);
        mv.visitJumpInsn(GOTO, loop);

        mv.visitLabel(done);
        flushHole(mv, index, () -> mv.visitVarInsn(LLOAD, LAST));
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LLOAD, LAST);
        Constants.pushInt(mv, index);
        mv.visitVarInsn(LLOAD, TABLE);
        mv.visitMethodInsn(INVOKEINTERFACE, RuntimeTypes.VISITOR, "post", POST, true);
        mv.visitInsn(IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** {@code if (!mem.contains(table + idx(first) * E, count * E)) return visitor.fault(..., TABLE_OUTSIDE_MEMORY, "")}. */
    private void readableOrFault(MethodVisitor mv, int index, Level level) {
        Label readable = new Label();
        mv.visitVarInsn(ALOAD, MEM);
        mv.visitVarInsn(LLOAD, TABLE);
        EntryIndex.offset(mv, Operand.local(FIRST), level, ir.entryBytes());
        mv.visitInsn(LADD);
        // bytes = offset(last) - offset(first) + E; one table never exceeds an int
        EntryIndex.offset(mv, Operand.local(LAST), level, ir.entryBytes());
        EntryIndex.offset(mv, Operand.local(FIRST), level, ir.entryBytes());
        mv.visitInsn(LSUB);
        mv.visitInsn(L2I);
        Constants.pushInt(mv, ir.entryBytes());
        mv.visitInsn(IADD);
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.MEMORY, "contains", "(JI)Z", false);
        mv.visitJumpInsn(IFNE, readable);
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LLOAD, LAST);
        Constants.pushInt(mv, index);
        mv.visitVarInsn(LLOAD, TABLE);
        RuntimeTypes.failure(mv, Failure.TABLE_OUTSIDE_MEMORY);
        mv.visitLdcInsn("");
        mv.visitMethodInsn(INVOKEINTERFACE, RuntimeTypes.VISITOR, "fault", FAULT, true);
        mv.visitInsn(IRETURN);
        mv.visitLabel(readable);
    }

    /** {@code pre}: STOP returns false, SKIP returns true, anything else walks the table. */
    private void pre(MethodVisitor mv, int index) {
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, FIRST);
        mv.visitVarInsn(LLOAD, LAST);
        Constants.pushInt(mv, index);
        mv.visitVarInsn(LLOAD, TABLE);
        mv.visitMethodInsn(INVOKEINTERFACE, RuntimeTypes.VISITOR, "pre", PRE, true);
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

    private void rules(MethodVisitor mv, ExprEmitter expr, int index, Level level, Label next) {
        for (Rule rule : level.rules()) {
            Expr condition = ExprSimplifier.fold(rule.condition());
            if (condition instanceof Expr.Const c && c.value() == 0) {
                continue;
            }
            boolean always = condition instanceof Expr.Const;
            RuntimeTypes.line(mv, rule.line());
            Label otherwise = new Label();
            expr.jump(condition, false, otherwise);
            switch (rule) {
                case Rule.Invalid r -> extendHole(mv);
                case Rule.Fault r -> fault(mv, index, Failure.FAULT, r.message());
                case Rule.Table r -> {
                    flushBeforeEntry(mv, index);
                    mv.visitVarInsn(ALOAD, MEM);
                    expr.value(r.address());
                    mv.visitVarInsn(LLOAD, START);
                    mv.visitVarInsn(LLOAD, END);
                    mv.visitVarInsn(ALOAD, VISITOR);
                    AttributeWord.push(mv, expr, ACC, r.attributes());
                    mv.visitMethodInsn(INVOKESTATIC, owner, methodName(ir, index + 1), RuntimeTypes.WALK_LEVEL, false);
                    stopUnless(mv);
                }
                case Rule.Leaf r -> {
                    flushBeforeEntry(mv, index);
                    mv.visitVarInsn(ALOAD, VISITOR);
                    mv.visitVarInsn(LLOAD, START);
                    expr.value(r.address());
                    mv.visitVarInsn(LLOAD, START);
                    Constants.pushLong(mv, level.span() - 1);
                    mv.visitInsn(LAND);
                    mv.visitInsn(LOR);
                    mv.visitVarInsn(LLOAD, END);
                    mv.visitVarInsn(LLOAD, START);
                    mv.visitInsn(LSUB);
                    mv.visitInsn(LCONST_1);
                    mv.visitInsn(LADD);
                    Constants.pushInt(mv, index);
                    mv.visitVarInsn(LLOAD, ENTRY);
                    AttributeWord.push(mv, expr, ACC, r.attributes());
                    mv.visitMethodInsn(INVOKEINTERFACE, RuntimeTypes.VISITOR, "leaf", LEAF, true);
                    stopUnless(mv);
                }
            }
            if (always) {
                // The rules after an unconditional one are unreachable; `next` follows directly.
                mv.visitLabel(otherwise);
                return;
            }
            mv.visitJumpInsn(GOTO, next);
            mv.visitLabel(otherwise);
        }
        fault(mv, index, Failure.NO_RULE, "");
    }

    private static void fault(MethodVisitor mv, int index, Failure kind, String message) {
        flushBeforeEntry(mv, index);
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, START);
        mv.visitVarInsn(LLOAD, END);
        Constants.pushInt(mv, index);
        mv.visitVarInsn(LLOAD, ENTRY);
        RuntimeTypes.failure(mv, kind);
        mv.visitLdcInsn(message);
        mv.visitMethodInsn(INVOKEINTERFACE, RuntimeTypes.VISITOR, "fault", FAULT, true);
        stopUnless(mv);
    }

    /** An invalid entry starts a hole run, or extends the current one. */
    private static void extendHole(MethodVisitor mv) {
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
    private static void flushBeforeEntry(MethodVisitor mv, int index) {
        flushHole(mv, index, () -> {
            mv.visitVarInsn(LLOAD, START);
            mv.visitInsn(LCONST_1);
            mv.visitInsn(LSUB);
        });
    }

    private static void flushHole(MethodVisitor mv, int index, Runnable end) {
        Label none = new Label();
        mv.visitVarInsn(ILOAD, IN_HOLE);
        mv.visitJumpInsn(IFEQ, none);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, IN_HOLE);
        mv.visitVarInsn(ALOAD, VISITOR);
        mv.visitVarInsn(LLOAD, HOLE_START);
        end.run();
        Constants.pushInt(mv, index);
        mv.visitMethodInsn(INVOKEINTERFACE, RuntimeTypes.VISITOR, "hole", HOLE, true);
        stopUnless(mv);
        mv.visitLabel(none);
    }

    /** {@code if (!<boolean on the stack>) return false;} */
    private static void stopUnless(MethodVisitor mv) {
        Label go = new Label();
        mv.visitJumpInsn(IFNE, go);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(IRETURN);
        mv.visitLabel(go);
    }
}
