package org.ptdesc.compiler.ir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.model.Term;

/**
 * The lowering stage: checked model to IR. Slices become shift-and-mask, concatenations ORs of
 * shifted slices, attribute values one {@link AttributeUpdate} per rule; every expression goes
 * through the {@link Simplifier}. Ranges are sorted and merged. It cannot fail: the checker
 * has proved everything it relies on.
 */
public final class Lowering {

    private Lowering() {}

    /** Every tree of the model, in declaration order. */
    public static List<WalkerIr> lower(Model model) {
        List<WalkerIr> out = new ArrayList<>();
        for (Model.TreeModel t : model.trees()) {
            out.add(lower(t));
        }
        return List.copyOf(out);
    }

    /** One tree. */
    public static WalkerIr lower(Model.TreeModel t) {
        List<Attribute> attributes = new ArrayList<>();
        long init = 0;
        for (Model.AttributeModel a : t.attributes()) {
            Attribute attr = new Attribute(a.name(), a.offset(), a.width(), operator(a), a.bool(), a.doc());
            attributes.add(attr);
            if (attr.operator() == Attribute.Operator.AND) {
                init |= attr.mask();
            }
        }
        List<Root> roots = new ArrayList<>();
        for (Model.RootModel r : t.roots()) {
            roots.add(new Root(r.register(), r.range().first(), r.range().last(), expr(r.table()), r.doc(), r.line()));
        }
        List<Level> levels = new ArrayList<>();
        for (Model.LevelModel l : t.levels()) {
            List<Rule> rules = new ArrayList<>();
            for (Model.RuleModel r : l.rules()) {
                rules.add(rule(r, attributes));
            }
            levels.add(new Level(l.name(), l.shift(), l.bits(), l.doc(), rules, l.line()));
        }
        List<Permission.Mode> modes = new ArrayList<>();
        for (Model.ModeModel m : t.modes()) {
            modes.add(new Permission.Mode(m.name(), m.offset(), m.width(), m.defaultValue(), m.doc()));
        }
        List<Permission> permissions = new ArrayList<>();
        for (Model.PermissionModel p : t.permissions()) {
            permissions.add(new Permission(expr(p.condition()), p.text(), p.line()));
        }
        return new WalkerIr(t.name(), t.doc(), t.sourceFile(), t.line(), t.addressBits(), t.signExtended(),
                merge(t.ranges()), roots, t.entryBits() / 8, t.bigEndian(), levels, attributes, init, t.tagLow(),
                modes, permissions, combination(t.combination()));
    }

    private static Combination combination(Model.CombinationModel c) {
        List<Combination.GuestInput> inputs = new ArrayList<>();
        for (Model.GuestInputModel g : c.inputs()) {
            inputs.add(new Combination.GuestInput(g.name(), g.offset(), g.width(), g.bool(), g.doc(), g.at(),
                    g.sourceLine(), g.caretColumn()));
        }
        List<Combination.Combined> combined = new ArrayList<>();
        for (Model.CombinedModel m : c.attributes()) {
            combined.add(new Combination.Combined(m.name(), m.offset(), m.width(), m.bool(), expr(m.value()), m.doc(),
                    m.line()));
        }
        return new Combination(inputs, combined);
    }

    private static Attribute.Operator operator(Model.AttributeModel a) {
        return switch (a.accumulation()) {
            case AND -> Attribute.Operator.AND;
            case OR -> Attribute.Operator.OR;
            case SET -> Attribute.Operator.SET;
        };
    }

    private static Rule rule(Model.RuleModel r, List<Attribute> attributes) {
        Expr cond = expr(r.condition());
        return switch (r) {
            case Model.InvalidRule i -> new Rule.Invalid(cond, i.line());
            case Model.FaultRule f -> new Rule.Fault(cond, f.message(), f.line());
            case Model.MappingRule m -> {
                AttributeUpdate update = update(m.attributes(), attributes);
                Expr address = expr(m.target());
                List<Rule.EntrySetting> sets = m.sets().stream().map(v -> new Rule.EntrySetting(v.name(),
                        expr(v.field()), v.value(), v.span().line(), v.span().column())).toList();
                yield m.leaf() ? new Rule.Leaf(cond, address, update, m.line(), sets)
                        : new Rule.Table(cond, address, update, m.line(), sets);
            }
        };
    }

    /**
     * {@code acc = (acc & keep) | put}: an {@code and} attribute's value goes into {@code keep}
     * (its other bits stay ones), {@code or} and {@code set} values into {@code put}, and a
     * {@code set} attribute's bits are cleared in {@code keep} first.
     */
    static AttributeUpdate update(List<Model.AttributeValue> values, List<Attribute> attributes) {
        long cleared = 0;
        Expr keepValues = Expr.FALSE;
        Expr put = Expr.FALSE;
        for (Model.AttributeValue v : values) {
            Attribute a = attributes.stream().filter(x -> x.name().equals(v.attribute())).findFirst().orElseThrow();
            Expr placed = placed(expr(v.value()), a);
            switch (a.operator()) {
                case AND -> {
                    cleared |= a.mask();
                    keepValues = Simplifier.binary(Expr.BinaryOp.OR, keepValues, placed);
                }
                case OR -> put = Simplifier.binary(Expr.BinaryOp.OR, put, placed);
                case SET -> {
                    cleared |= a.mask();
                    put = Simplifier.binary(Expr.BinaryOp.OR, put, placed);
                }
            }
        }
        Expr keep = Simplifier.binary(Expr.BinaryOp.OR, new Expr.Const(~cleared), keepValues);
        return new AttributeUpdate(keep, put);
    }

    /** The value masked to the attribute's width and moved to its offset. */
    private static Expr placed(Expr value, Attribute a) {
        Expr masked = a.bool() || a.width() == 64 ? value
                : Simplifier.binary(Expr.BinaryOp.AND, value, new Expr.Const(Term.mask(a.width())));
        return Simplifier.binary(Expr.BinaryOp.SHL, masked, new Expr.Const(a.offset()));
    }

    /** A term as a folded IR expression. */
    public static Expr expr(Term t) {
        return switch (t) {
            case Term.Constant c -> new Expr.Const(c.value());
            case Term.EntryWord e -> Expr.ENTRY;
            case Term.Address a -> Expr.VA;
            case Term.RegisterValue r -> Expr.REGISTER;
            case Term.CheckWord w -> new Expr.Check(switch (w.input()) {
                case ATTRIBUTES -> Expr.Input.ATTRIBUTES;
                case MODES -> Expr.Input.MODES;
                case ACCESS -> Expr.Input.ACCESS;
                case GUEST -> Expr.Input.GUEST;
            });
            case Term.Binary b when isVariableShift(b) -> variableShift(b);
            case Term.Poison p -> throw new IllegalArgumentException("a poisoned term reached the lowering");
            case Term.Unary u -> Simplifier.unary(Operators.of(u.op()), expr(u.operand()));
            case Term.Binary b -> Simplifier.binary(Operators.of(b.op()), expr(b.left()), expr(b.right()));
            case Term.Choice c -> Simplifier.conditional(expr(c.condition()), expr(c.then()), expr(c.otherwise()));
            case Term.Slice s -> slice(expr(s.base()), s.hi(), s.lo());
            case Term.Concat c -> {
                Expr result = Expr.FALSE;
                int offset = c.width();
                for (Term.Slice s : c.parts()) {
                    offset -= s.width();
                    Expr part = Simplifier.binary(Expr.BinaryOp.SHL, expr(s), new Expr.Const(offset));
                    result = Simplifier.binary(Expr.BinaryOp.OR, result, part);
                }
                yield result;
            }
        };
    }

    private static boolean isVariableShift(Term.Binary b) {
        return (b.op() == org.ptdesc.compiler.syntax.Expression.BinaryOperator.SHL
                || b.op() == org.ptdesc.compiler.syntax.Expression.BinaryOperator.SHR)
                && !(b.right() instanceof Term.Constant);
    }

    /**
     * A shift by a computed amount (permission rules only): {@code amount < 64 ? x << amount : 0},
     * so that the back ends, whose shifts use the amount's low six bits, mean what {@link Eval}
     * means; without the guard when the amount cannot reach 64 ({@link ShiftBound}).
     */
    private static Expr variableShift(Term.Binary b) {
        Expr amount = expr(b.right());
        Expr.BinaryOp op = b.op() == org.ptdesc.compiler.syntax.Expression.BinaryOperator.SHL
                ? Expr.BinaryOp.SHL : Expr.BinaryOp.SHR;
        if (Long.compareUnsigned(ShiftBound.max(amount), 63) <= 0) {
            return new Expr.Binary(op, expr(b.left()), amount);
        }
        return Simplifier.conditional(
                Simplifier.binary(Expr.BinaryOp.LT, amount, new Expr.Const(64)),
                new Expr.Binary(op, expr(b.left()), amount), Expr.FALSE);
    }

    /** {@code (x >>> lo) & mask(hi - lo + 1)}. */
    public static Expr slice(Expr x, int hi, int lo) {
        Expr shifted = Simplifier.binary(Expr.BinaryOp.SHR, x, new Expr.Const(lo));
        return Simplifier.binary(Expr.BinaryOp.AND, shifted, new Expr.Const(Term.mask(hi - lo + 1)));
    }

    /** Sorted, with overlapping and adjacent ranges merged. */
    static List<WalkerIr.AddressRange> merge(List<Model.Range> ranges) {
        List<Model.Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(Model.Range::first, Long::compareUnsigned));
        List<WalkerIr.AddressRange> out = new ArrayList<>();
        for (Model.Range r : sorted) {
            if (!out.isEmpty()) {
                WalkerIr.AddressRange last = out.getLast();
                boolean touches = last.last() == -1L || Long.compareUnsigned(r.first(), last.last() + 1) <= 0;
                if (touches) {
                    long end = Long.compareUnsigned(r.last(), last.last()) > 0 ? r.last() : last.last();
                    out.set(out.size() - 1, new WalkerIr.AddressRange(last.first(), end));
                    continue;
                }
            }
            out.add(new WalkerIr.AddressRange(r.first(), r.last()));
        }
        return out;
    }
}
