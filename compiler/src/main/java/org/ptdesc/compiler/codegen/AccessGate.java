package org.ptdesc.compiler.codegen;

import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.Permission;

/**
 * The permission rules that every leaf of the access-checked {@code translate} reaches: the
 * walk jumps to {@link #check()} and calls the out-of-line check, whose body {@link #emit} writes
 * each rule's condition as a test and a branch to {@code denied} (which returns
 * {@code TreeWalker.DENIED}); the mode bits and the access are arguments, so a rule such as
 * {@code access.write && !writable && WP} is three bit tests and no call.
 */
final class AccessGate {

    private final List<Permission> rules;
    private final Label check = new Label();
    private final AttributeSteps steps;

    AccessGate(List<Permission> rules, AttributeSteps steps) {
        this.rules = List.copyOf(rules);
        this.steps = steps;
    }

    /** Where the walk's attribute updates go out of line. */
    AttributeSteps steps() {
        return steps;
    }

    /** Where every leaf jumps once its physical address is stored: the call of the check. */
    Label check() {
        return check;
    }

    /** True when some rule reads the accumulated attributes (else the walk need not keep them). */
    boolean readsAttributes() {
        return attributeBitsRead() != 0;
    }

    /**
     * {@code update} narrowed to the attribute bits the rules read: the others may hold anything,
     * since no rule looks at them, so their part of the update is dropped where the simplifier
     * can prove it touches only them.
     */
    AttributeUpdate restrict(AttributeUpdate update) {
        long read = attributeBitsRead();
        return new AttributeUpdate(Simplifier.binary(Expr.BinaryOp.OR, update.keep(), new Expr.Const(~read)),
                Simplifier.binary(Expr.BinaryOp.AND, update.put(), new Expr.Const(read)));
    }

    /** The attribute-word bits the rules read: their slices' bits, all bits for a whole-word use. */
    private long attributeBitsRead() {
        long bits = 0;
        for (Permission r : rules) {
            bits |= bitsRead(r.condition());
        }
        return bits;
    }

    private static long bitsRead(Expr e) {
        return switch (e) {
            // A slice as the lowering writes it: (attributes >>> lo) & mask, or attributes & mask.
            case Expr.Binary b when b.op() == Expr.BinaryOp.AND && b.right() instanceof Expr.Const m
                    && b.left() instanceof Expr.Check c && c.input() == Expr.Input.ATTRIBUTES -> m.value();
            case Expr.Binary b when b.op() == Expr.BinaryOp.AND && b.right() instanceof Expr.Const m
                    && b.left() instanceof Expr.Binary s && s.op() == Expr.BinaryOp.SHR
                    && s.left() instanceof Expr.Check c && c.input() == Expr.Input.ATTRIBUTES
                    && s.right() instanceof Expr.Const n -> m.value() << n.value();
            case Expr.Check c -> c.input() == Expr.Input.ATTRIBUTES ? -1L : 0;
            case Expr.Unary u -> bitsRead(u.operand());
            case Expr.Binary b -> bitsRead(b.left()) | bitsRead(b.right());
            case Expr.Conditional c -> bitsRead(c.condition()) | bitsRead(c.then()) | bitsRead(c.otherwise());
            default -> 0;
        };
    }

    /**
     * The rules, in order: jumps to {@code denied} when a rule's condition holds, else falls
     * through (every rule allows).
     */
    void emit(MethodVisitor mv, ExprEmitter expr, Label denied) {
        for (Permission rule : rules) {
            RuntimeTypes.line(mv, rule.line());
            expr.jump(rule.condition(), true, denied);
        }
    }
}
