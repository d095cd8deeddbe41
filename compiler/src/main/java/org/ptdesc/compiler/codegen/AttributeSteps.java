package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.AttributeUpdate;

/**
 * The attribute-word updates of the access-checked translate, each moved out of line into a
 * private static {@code accumulateN(long acc, long entry, long va)} of the class: a call is 11
 * bytes where an update inline is often 27, which keeps x86-64's walk within C2's inlining
 * budget, and C2 inlines the small callees back. Equal updates share one method.
 */
final class AttributeSteps {

    /** The prefix of the step methods' names. */
    static final String PREFIX = "accumulate";

    /** {@code long accumulateN(long acc, long entry, long va)}. */
    static final String DESCRIPTOR = "(JJJ)J";

    private final String owner;
    private final Map<AttributeUpdate, String> names = new LinkedHashMap<>();

    AttributeSteps(String owner) {
        this.owner = owner;
    }

    /** {@code acc = accumulateN(acc, entry, va)}; nothing for an update that changes nothing. */
    void call(MethodVisitor mv, int accSlot, int entrySlot, int vaSlot, AttributeUpdate update) {
        if (update.isNone()) {
            return;
        }
        String name = names.computeIfAbsent(update, u -> PREFIX + names.size());
        mv.visitVarInsn(LLOAD, accSlot);
        mv.visitVarInsn(LLOAD, entrySlot);
        mv.visitVarInsn(LLOAD, vaSlot);
        mv.visitMethodInsn(INVOKESTATIC, owner, name, DESCRIPTOR, false);
        mv.visitVarInsn(LSTORE, accSlot);
    }

    /** Emits every step some {@link #call} used. */
    void emit(ClassVisitor cv) {
        names.forEach((update, name) -> GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, name, DESCRIPTOR, mv -> {
            ExprEmitter expr = new ExprEmitter(mv, Operand.local(2), Operand.local(4),
                    Operand.unavailable("a root register"), CheckOperands.NONE);
            AttributeWord.push(mv, expr, 0, update);
            mv.visitInsn(LRETURN);
        }));
    }
}
