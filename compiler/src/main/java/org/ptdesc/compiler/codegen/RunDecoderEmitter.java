package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.stream.IntStream;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.RunDecoder;

/**
 * Emits the walker's {@link RunDecoder} methods, with which a consumer decodes the entries of a
 * run ({@code org.ptdesc.runtime.EntryRun}) that a batched walk handed it undecoded:
 * {@code runKind}, {@code runPa}, {@code runAttributes} and
 * {@code runMessage} each switch on the level and try that level's rules in order, as the walk
 * does, to answer one question. Only levels without table rules get a case (the walk hands out
 * runs of no other); any other level throws. Each method is small and free of calls, so that the
 * JIT inlines it into the consumer's loop and keeps only what the consumer uses.
 */
final class RunDecoderEmitter {

    private static final int LEVEL = 1;
    private static final int ENTRY = 2;
    private static final int VA = 4;
    private static final int ACC = 6;

    /** What one method answers for a rule that matches, and when no rule does. */
    private interface Answer {
        void matched(MethodVisitor mv, ExprEmitter expr, Level level, Rule rule);

        void noRule(MethodVisitor mv);
    }

    private final WalkerIr ir;
    /** The indexes of the levels with runs, the keys of every method's switch. */
    private final int[] runLevels;

    RunDecoderEmitter(WalkerIr ir) {
        this.ir = ir;
        this.runLevels = IntStream.range(0, ir.levels().size()).filter(i -> hasRuns(ir.levels().get(i))).toArray();
    }

    /** The levels whose tables a batched walk may hand out as runs: those without table rules. */
    static boolean hasRuns(Level level) {
        return level.rules().stream().noneMatch(r -> r instanceof Rule.Table);
    }

    void emit(ClassVisitor cv) {
        method(cv, "runKind", "(IJJ)I", new Answer() {
            public void matched(MethodVisitor mv, ExprEmitter expr, Level level, Rule rule) {
                Constants.pushInt(mv, switch (rule) {
                    case Rule.Leaf r -> RunDecoder.LEAF;
                    case Rule.Invalid r -> RunDecoder.INVALID;
                    case Rule.Fault r -> RunDecoder.FAULT;
                    case Rule.Table r -> throw new IllegalStateException("a level with runs has no table rule");
                });
                mv.visitInsn(IRETURN);
            }

            public void noRule(MethodVisitor mv) {
                Constants.pushInt(mv, RunDecoder.NO_RULE);
                mv.visitInsn(IRETURN);
            }
        });
        method(cv, "runPa", "(IJJ)J", new Answer() {
            public void matched(MethodVisitor mv, ExprEmitter expr, Level level, Rule rule) {
                if (rule instanceof Rule.Leaf leaf) {
                    // As the walk: the leaf's address, and va's offset within the entry's span.
                    expr.value(leaf.address());
                    mv.visitVarInsn(LLOAD, VA);
                    Constants.pushLong(mv, level.span() - 1);
                    mv.visitInsn(LAND);
                    mv.visitInsn(LOR);
                    mv.visitInsn(LRETURN);
                } else {
                    noRule(mv);
                }
            }

            public void noRule(MethodVisitor mv) {
                Constants.pushLong(mv, -1L);
                mv.visitInsn(LRETURN);
            }
        });
        method(cv, "runAttributes", "(IJJJ)J", new Answer() {
            public void matched(MethodVisitor mv, ExprEmitter expr, Level level, Rule rule) {
                if (rule instanceof Rule.Leaf leaf) {
                    AttributeWord.push(mv, expr, ACC, leaf.attributes());
                    mv.visitInsn(LRETURN);
                } else {
                    noRule(mv);
                }
            }

            public void noRule(MethodVisitor mv) {
                mv.visitInsn(LCONST_0);
                mv.visitInsn(LRETURN);
            }
        });
        method(cv, "runMessage", "(IJJ)Ljava/lang/String;", new Answer() {
            public void matched(MethodVisitor mv, ExprEmitter expr, Level level, Rule rule) {
                mv.visitLdcInsn(rule instanceof Rule.Fault f ? f.message() : "");
                mv.visitInsn(ARETURN);
            }

            public void noRule(MethodVisitor mv) {
                mv.visitLdcInsn("");
                mv.visitInsn(ARETURN);
            }
        });
    }

    /** One decoder method: a switch on the level, then each run level's rules in order. */
    private void method(ClassVisitor cv, String name, String descriptor, Answer answer) {
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, name, descriptor, mv -> {
            Label other = new Label();
            Label[] cases = new Label[runLevels.length];
            for (int k = 0; k < cases.length; k++) {
                cases[k] = new Label();
            }
            mv.visitVarInsn(ILOAD, LEVEL);
            mv.visitLookupSwitchInsn(other, runLevels, cases);
            ExprEmitter expr = new ExprEmitter(mv, Operand.local(ENTRY), Operand.local(VA),
                    Operand.unavailable("a root register"));
            for (int k = 0; k < cases.length; k++) {
                mv.visitLabel(cases[k]);
                rules(mv, expr, ir.levels().get(runLevels[k]), answer);
            }
            mv.visitLabel(other);
            mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
            mv.visitInsn(DUP);
            mv.visitLdcInsn("no runs at this level");
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V", false);
            mv.visitInsn(ATHROW);
        });
    }

    /** The level's rules in order, the first that matches answering; {@code noRule} after the last. */
    private static void rules(MethodVisitor mv, ExprEmitter expr, Level level, Answer answer) {
        RuntimeTypes.line(mv, level.line());
        for (Rule rule : level.rules()) {
            Expr condition = Simplifier.simplify(rule.condition());
            if (condition instanceof Expr.Const c && c.value() == 0) {
                continue;
            }
            RuntimeTypes.line(mv, rule.line());
            if (condition instanceof Expr.Const) {
                answer.matched(mv, expr, level, rule);
                return;
            }
            Label otherwise = new Label();
            expr.jump(condition, false, otherwise);
            answer.matched(mv, expr, level, rule);
            mv.visitLabel(otherwise);
        }
        answer.noRule(mv);
    }
}
