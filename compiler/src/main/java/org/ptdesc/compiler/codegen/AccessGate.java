package org.ptdesc.compiler.codegen;

import java.util.List;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The permission rules that every leaf of the access-checked {@code translate} reaches: the
 * walk jumps to {@link #check()} and calls the out-of-line check, whose body {@link #emit} writes
 * each rule's condition as a test and a branch to {@code denied} (which returns
 * {@code TreeWalker.DENIED}); the mode bits and the access are arguments, so a rule such as
 * {@code access.write && !writable && WP} is three bit tests and no call. Where the attributes
 * the rules read accumulate raw ({@link RawAttributes}), the walk keeps the raw words instead of
 * the packed one and the check reads the rules rewritten to them.
 */
final class AccessGate {

    private final List<Permission> rules;
    private final Label check = new Label();
    private final AttributeSteps steps;
    /** The raw form of the attributes the rules read, or null (the packed word). */
    private final RawAttributes raw;

    /** Local slot of the raw {@code or} word in the walk, or -1 (outside the walk). */
    private final int orSlot;

    AccessGate(WalkerIr ir, AttributeSteps steps) {
        this(ir, steps, -1);
    }

    /** A gate for a walk that keeps the raw {@code or} word in local {@code orSlot}. */
    AccessGate(WalkerIr ir, AttributeSteps steps, int orSlot) {
        this.rules = List.copyOf(ir.permissions());
        this.steps = steps;
        this.orSlot = orSlot;
        this.raw = RawAttributes.plan(ir, attributeBitsRead()).orElse(null);
    }

    private AccessGate(List<Permission> rules, AttributeSteps steps) {
        this.rules = List.copyOf(rules);
        this.steps = steps;
        this.orSlot = -1;
        this.raw = null;
    }

    /** A gate over the packed attribute word whatever the rules read (the nested pair classes' form). */
    static AccessGate packed(List<Permission> rules, AttributeSteps steps) {
        return new AccessGate(rules, steps);
    }

    /** Local slot of the raw {@code or} word in the walk. */
    int orSlot() {
        return orSlot;
    }

    /** The raw form of the attributes the walk keeps, or null when it keeps the packed word. */
    RawAttributes raw() {
        return raw;
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
     * True when the rules have conjuncts that are more than bit tests (a computed shift, a
     * product, a conditional), so that a fast test of their bit tests ({@link #emitFast}) is
     * smaller than the rules themselves, and every rule keeps some test in it.
     */
    boolean hasFastTest() {
        // A rule weakened to true would send every access to the exact check: no fast test then.
        return rules.stream().anyMatch(r -> !weakened(condition(r)).equals(condition(r)))
                && rules.stream().noneMatch(r -> weakened(condition(r)) instanceof Expr.Const);
    }

    /**
     * The fast test ahead of the rules: for each rule, only its top-level conjuncts that are bit
     * tests (of the access, the attributes, the modes, the entry; {@link #bitTest}), the others
     * taken as true. Each weakened rule holds whenever the rule does, so when none holds (the usual case, an
     * allowed access) no rule denies, and the code falls through; else it jumps to {@code slow},
     * where the exact rules ({@link #emit}) decide, and name the rule that denies.
     */
    void emitFast(MethodVisitor mv, ExprEmitter expr, Label slow) {
        for (Permission rule : rules) {
            RuntimeTypes.line(mv, rule.line());
            expr.jump(weakened(condition(rule)), true, slow);
        }
    }

    /**
     * The fast walk's leaf test ({@link RequiredBits}): the rules {@code fold} does not fold, each
     * with the folded bits substituted and weakened as in {@link #emitFast}, in order.
     */
    List<Expr> remaining(RequiredBits fold) {
        List<Expr> out = new java.util.ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            if (!fold.folds(i)) {
                out.add(Simplifier.simplify(weakened(Simplifier.simplify(fold.substitute(condition(rules.get(i)))))));
            }
        }
        return out;
    }

    /** Jumps to {@code slow} when a rule of {@link #remaining} holds; falls through when none does. */
    void emitRemaining(MethodVisitor mv, ExprEmitter expr, Label slow, RequiredBits fold) {
        List<Expr> tests = remaining(fold);
        int t = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (!fold.folds(i)) {
                RuntimeTypes.line(mv, rules.get(i).line());
                expr.jump(tests.get(t++), true, slow);
            }
        }
    }

    /** {@code rule}'s condition as the walk's check reads it: rewritten to the raw words where the walk keeps them. */
    Expr condition(Permission rule) {
        return Simplifier.simplify(raw == null ? rule.condition() : raw.rewrite(rule.condition()));
    }

    /** {@code c} with every top-level conjunct that is not a bit test replaced by true. */
    static Expr weakened(Expr c) {
        if (c instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND_ALSO) {
            Expr l = weakened(b.left());
            Expr r = weakened(b.right());
            return l.equals(Expr.TRUE) ? r : r.equals(Expr.TRUE) ? l : new Expr.Binary(Expr.BinaryOp.AND_ALSO, l, r);
        }
        return bitTest(c) ? c : Expr.TRUE;
    }

    /**
     * True for a few straight-line operations on the inputs: no shift by a computed amount, no
     * multiplication, no conditional (the parts that make a rule long).
     */
    private static boolean bitTest(Expr e) {
        return switch (e) {
            case Expr.Const c -> true;
            case Expr.Check c -> true;
            case Expr.Entry x -> true;
            case Expr.Va x -> true;
            case Expr.Unary u -> bitTest(u.operand());
            case Expr.Binary b -> switch (b.op()) {
                case SHL, SHR -> b.right() instanceof Expr.Const && bitTest(b.left());
                case MUL -> false;
                default -> bitTest(b.left()) && bitTest(b.right());
            };
            default -> false;
        };
    }

    /**
     * The rules, in order (reading the raw words where the walk keeps them): jumps to
     * {@code denied} when a rule's condition holds, else falls through (every rule allows).
     */
    void emit(MethodVisitor mv, ExprEmitter expr, Label denied) {
        for (Permission rule : rules) {
            RuntimeTypes.line(mv, rule.line());
            expr.jump(condition(rule), true, denied);
        }
    }
}
