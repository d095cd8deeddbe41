package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits the start of a translation: refuse an address outside every walkable range, pick the
 * root whose range holds it, and compute that root's top table from its register into a
 * local. Falls through to the first level with the table set; jumps to {@code outside} when
 * no root translates the address.
 */
final class RootDispatchEmitter {

    private RootDispatchEmitter() {}

    static void emit(MethodVisitor mv, WalkerIr ir, Operand va, RootRegisters registers, int tableSlot, Label outside) {
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < ir.roots().size(); i++) {
            if (!AddressPieces.ofRoot(ir, i).isEmpty()) {
                used.add(i);
            }
        }
        if (used.isEmpty()) {
            mv.visitJumpInsn(GOTO, outside);
            return;
        }
        RangeTestEmitter ranges = new RangeTestEmitter(mv, va);
        Label chosen = new Label();
        for (int u = 0; u < used.size(); u++) {
            int i = used.get(u);
            boolean lastRoot = u == used.size() - 1;
            Label nextRoot = lastRoot ? outside : new Label();
            ranges.jumpIfOutside(AddressPieces.ofRoot(ir, i), nextRoot);
            tableOf(mv, ir.roots().get(i), registers.register(i), tableSlot);
            if (!lastRoot) {
                mv.visitJumpInsn(GOTO, chosen);
                mv.visitLabel(nextRoot);
            }
        }
        mv.visitLabel(chosen);
    }

    /** {@code table = root expression(register)}. */
    static void tableOf(MethodVisitor mv, Root root, Operand register, int tableSlot) {
        RuntimeTypes.line(mv, root.line());
        new ExprEmitter(mv, Operand.unavailable("the entry"), Operand.unavailable("the address"), register)
                .value(root.table());
        mv.visitVarInsn(LSTORE, tableSlot);
    }
}
