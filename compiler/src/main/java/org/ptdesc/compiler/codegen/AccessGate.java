package org.ptdesc.compiler.codegen;

import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Permission;

/**
 * The permission rules inlined at a leaf of the access-checked {@code translate}: each rule's
 * condition becomes a test and a branch to {@code denied} (which returns
 * {@code TreeWalker.DENIED}); the mode bits and the access are method arguments, so a rule such
 * as {@code access.write && !writable && WP} is three bit tests and no call.
 */
final class AccessGate {

    private final List<Permission> rules;
    private final Label denied;
    private final Label check = new Label();

    AccessGate(List<Permission> rules, Label denied) {
        this.rules = List.copyOf(rules);
        this.denied = denied;
    }

    /** Where every leaf jumps once its physical address is stored: the start of the check. */
    Label check() {
        return check;
    }

    /** True when some rule reads the accumulated attributes (else the walk need not keep them). */
    boolean readsAttributes() {
        return rules.stream().anyMatch(r -> reads(r.condition(), Expr.Input.ATTRIBUTES));
    }

    /**
     * The check, emitted once after the level blocks: jumps to {@code denied} when a rule's
     * condition holds, else returns the physical address from {@code paSlot}.
     */
    void emit(MethodVisitor mv, ExprEmitter expr, int paSlot) {
        mv.visitLabel(check);
        for (Permission rule : rules) {
            RuntimeTypes.line(mv, rule.line());
            expr.jump(rule.condition(), true, denied);
        }
        mv.visitVarInsn(Opcodes.LLOAD, paSlot);
        mv.visitInsn(Opcodes.LRETURN);
    }

    static boolean reads(Expr e, Expr.Input input) {
        return switch (e) {
            case Expr.Check c -> c.input() == input;
            case Expr.Const c -> false;
            case Expr.Entry x -> false;
            case Expr.Va x -> false;
            case Expr.Register x -> false;
            case Expr.Unary u -> reads(u.operand(), input);
            case Expr.Binary b -> reads(b.left(), input) || reads(b.right(), input);
            case Expr.Conditional c -> reads(c.condition(), input) || reads(c.then(), input)
                    || reads(c.otherwise(), input);
        };
    }
}
