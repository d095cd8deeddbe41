package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Simplifier;

/**
 * Emits one entry's change to the packed attribute word, {@code (acc & keep) | put}, leaving
 * out the half that cannot change anything ({@code keep = -1} or {@code put = 0}).
 */
final class AttributeWord {

    private AttributeWord() {}

    /** Pushes the updated word, reading the current one from local {@code accSlot}. */
    static void push(MethodVisitor mv, ExprEmitter expr, int accSlot, AttributeUpdate update) {
        Expr keep = Simplifier.simplify(update.keep());
        Expr put = Simplifier.simplify(update.put());
        mv.visitVarInsn(LLOAD, accSlot);
        if (!(keep instanceof Expr.Const k && k.value() == -1L)) {
            expr.value(keep);
            mv.visitInsn(LAND);
        }
        if (!(put instanceof Expr.Const p && p.value() == 0L)) {
            expr.value(put);
            mv.visitInsn(LOR);
        }
    }

    /** Stores the updated word back into {@code accSlot}; emits nothing for an update that changes nothing. */
    static void update(MethodVisitor mv, ExprEmitter expr, int accSlot, AttributeUpdate update) {
        if (update.isNone()) {
            return;
        }
        push(mv, expr, accSlot, update);
        mv.visitVarInsn(LSTORE, accSlot);
    }
}
