package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

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
 * returns a {@link org.ptdesc.runtime.Translation}.
 */
final class LevelBlockEmitter {

    /**
     * Local variable slots of a translate method: {@code va} the address translated (untagged),
     * {@code reported} the caller's address the result reports (the same slot without a tag);
     * {@code reported}, {@code acc} and {@code pa} only in the detailed form.
     */
    record Slots(int mem, int va, int reported, int table, int entry, int acc, int pa) {}

    private final MethodVisitor mv;
    private final WalkerIr ir;
    private final Slots slots;
    private final boolean detailed;
    private final Label noMapping;
    private final ExprEmitter expr;

    /**
     * @param noMapping where the plain form jumps for every failure (unused in the detailed form)
     */
    LevelBlockEmitter(MethodVisitor mv, WalkerIr ir, Slots slots, boolean detailed, Label noMapping) {
        this.mv = mv;
        this.ir = ir;
        this.slots = slots;
        this.detailed = detailed;
        this.noMapping = noMapping;
        this.expr = new ExprEmitter(mv, Operand.local(slots.entry()), Operand.local(slots.va()),
                Operand.unavailable("a root register"));
    }

    /**
     * Emits level {@code index}. {@code readStart}/{@code readEnd} delimit the entry read (the
     * caller registered them as a try block for {@code Unreadable}); {@code next} starts the
     * next level's block.
     */
    void emit(int index, Label readStart, Label readEnd, Label next) {
        Level level = ir.levels().get(index);
        RuntimeTypes.line(mv, level.line());
        if (detailed) {
            mv.visitVarInsn(LLOAD, slots.table());
            EntryIndex.offset(mv, Operand.local(slots.va()), level, ir.entryBytes());
            mv.visitInsn(LADD);
            mv.visitVarInsn(LSTORE, slots.pa());
            mv.visitLabel(readStart);
            mv.visitVarInsn(ALOAD, slots.mem());
            mv.visitVarInsn(LLOAD, slots.pa());
        } else {
            mv.visitLabel(readStart);
            mv.visitVarInsn(ALOAD, slots.mem());
            mv.visitVarInsn(LLOAD, slots.table());
            EntryIndex.offset(mv, Operand.local(slots.va()), level, ir.entryBytes());
            mv.visitInsn(LADD);
        }
        RuntimeTypes.read(mv, ir.entryBytes(), ir.bigEndian());
        mv.visitLabel(readEnd);
        mv.visitVarInsn(LSTORE, slots.entry());
        for (Rule rule : level.rules()) {
            Expr condition = Simplifier.simplify(rule.condition());
            boolean always = condition instanceof Expr.Const c && c.value() != 0;
            if (condition instanceof Expr.Const c && c.value() == 0) {
                continue;
            }
            RuntimeTypes.line(mv, rule.line());
            Label otherwise = new Label();
            switch (rule) {
                case Rule.Invalid r -> ending(condition, otherwise, index, Failure.NOT_PRESENT, "");
                case Rule.Fault r -> ending(condition, otherwise, index, Failure.FAULT, r.message());
                case Rule.Table r -> {
                    expr.jump(condition, false, otherwise);
                    update(r.attributes());
                    expr.value(r.address());
                    mv.visitVarInsn(LSTORE, slots.table());
                    if (!always) {
                        mv.visitJumpInsn(GOTO, next);
                    }
                }
                case Rule.Leaf r -> {
                    expr.jump(condition, false, otherwise);
                    update(r.attributes());
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

    /** An invalid or fault rule: the translation ends here when the condition holds. */
    private void ending(Expr condition, Label otherwise, int index, Failure failure, String message) {
        if (!detailed) {
            expr.jump(condition, true, noMapping);
            return;
        }
        expr.jump(condition, false, otherwise);
        fail(index, failure, message);
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
        mv.visitInsn(ARETURN);
    }

    private void leaf(int index, Level level, Rule.Leaf rule) {
        if (detailed) {
            mv.visitVarInsn(LLOAD, slots.reported());
        }
        expr.value(rule.address());
        mv.visitVarInsn(LLOAD, slots.va());
        Constants.pushLong(mv, level.span() - 1);
        mv.visitInsn(LAND);
        mv.visitInsn(LOR);
        if (!detailed) {
            mv.visitInsn(LRETURN);
            return;
        }
        Constants.pushInt(mv, index);
        Constants.pushLong(mv, level.span());
        mv.visitVarInsn(LLOAD, slots.entry());
        mv.visitVarInsn(LLOAD, slots.acc());
        mv.visitMethodInsn(INVOKESTATIC, RuntimeTypes.TRANSLATION, "mapped", "(JJIJJJ)" + RuntimeTypes.TRANSLATION_D, false);
        mv.visitInsn(ARETURN);
    }

    /** {@code acc = (acc & keep) | put}, only where attributes are reported. */
    private void update(AttributeUpdate update) {
        if (detailed) {
            AttributeWord.update(mv, expr, slots.acc(), update);
        }
    }
}
