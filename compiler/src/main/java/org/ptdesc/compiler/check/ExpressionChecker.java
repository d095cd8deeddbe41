package org.ptdesc.compiler.check;

import java.util.Optional;
import java.util.Set;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Lowering;
import org.ptdesc.compiler.ir.Operators;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Expression;
import org.ptdesc.compiler.syntax.Expression.BinaryOperator;

/**
 * Resolves the names of an expression and types it, folding constant sub-terms as it goes. Every
 * mistake is reported once, at the token it concerns, and becomes a {@link Term.Poison} so that
 * nothing above it reports again.
 */
final class ExpressionChecker {

    /** Where an expression is written, which decides what it may use. */
    enum Kind {
        /** Literals and parameters only (widths, bounds, ranges, parameter values). */
        CONSTANT,
        /** A root's expression: its register, parameters and literals. */
        ROOT,
        /** A rule, field or {@code with}: entry, va, fields, flags, parameters. */
        ENTRY,
        /**
         * A permission rule ({@code deny}): entry, the tree's fields and flags, parameters, and
         * besides those the attributes, the modes and {@code access.*}; not {@code va}.
         */
        PERMISSION,
        /**
         * A stage 2 tree's {@code combined} declaration: the leaf entry, the tree's fields and
         * flags, parameters, its attributes, earlier combined attributes and {@code guest.*};
         * not {@code va}, modes or {@code access.*}.
         */
        COMBINED
    }

    /**
     * The context of one expression: its kind, what it is (for messages, such as "the address
     * width"), the register a root expression may use, and the entry width (slices of
     * {@code entry} must stay inside it; 64 when unknown).
     */
    record Context(Kind kind, String what, String register, int entryBits) {
        static Context constant(String what) {
            return new Context(Kind.CONSTANT, what, null, 64);
        }
    }

    private final Reporter reporter;
    private final Set<String> laterParams;

    /** {@code laterParams}: every parameter name of the compilation, to explain forward uses. */
    ExpressionChecker(Reporter reporter, Set<String> laterParams) {
        this.reporter = reporter;
        this.laterParams = laterParams;
    }

    /** Checks {@code e} and requires type {@code wanted} ({@code what} names it in the message). */
    Term check(Expression e, Scope scope, Context ctx, Type wanted) {
        Term t = check(e, scope, ctx);
        if (!t.type().fits(wanted)) {
            reporter.report(DiagnosticCode.TYPE_MISMATCH, e.span(), ctx.what(), wanted.word(), t.type().word());
            return new Term.Poison(wanted);
        }
        return t;
    }

    /** Checks a constant int expression; empty when it is not one (reported). */
    Optional<Long> constant(Expression e, Scope scope, String what) {
        Term t = check(e, scope, Context.constant(what), Type.INT);
        if (t instanceof Term.Constant c) {
            return Optional.of(c.value());
        }
        return Optional.empty();
    }

    Term check(Expression e, Scope scope, Context ctx) {
        return switch (e) {
            case Expression.IntLiteral i -> new Term.Constant(i.value(), Type.INT);
            case Expression.BoolLiteral b -> new Term.Constant(b.value() ? 1 : 0, Type.BOOL);
            case Expression.EntryRef x -> entryOrVa(Term.ENTRY, "'entry'", x.span(), ctx);
            case Expression.VaRef x -> entryOrVa(new Term.Address(), "'va'", x.span(), ctx);
            case Expression.NameRef n -> name(n, scope, ctx);
            case Expression.AccessRef a -> access(a, ctx);
            case Expression.GuestRef g -> guest(g, scope, ctx);
            case Expression.Unary u -> unary(u, scope, ctx);
            case Expression.Binary b -> binary(b, scope, ctx);
            case Expression.Conditional c -> conditional(c, scope, ctx);
            case Expression.Slice s -> slice(s, scope, ctx);
        };
    }

    private Term entryOrVa(Term term, String what, SourceSpan span, Context ctx) {
        return switch (ctx.kind()) {
            case CONSTANT -> notConstant(span, ctx, what);
            case ROOT -> {
                reporter.report(DiagnosticCode.NOT_ALLOWED_HERE, span, what, "a root expression");
                yield new Term.Poison(Type.INT);
            }
            case ENTRY -> term;
            case PERMISSION, COMBINED -> {
                if (term instanceof Term.EntryWord) {
                    yield term;
                }
                reporter.report(DiagnosticCode.NOT_ALLOWED_HERE, span, what,
                        ctx.kind() == Kind.PERMISSION ? "a permission rule" : "a combined declaration");
                yield new Term.Poison(Type.INT);
            }
        };
    }

    /** {@code access.read} and its kin: bits of the access word (org.ptdesc.runtime.Access). */
    private Term access(Expression.AccessRef a, Context ctx) {
        String text = "access." + a.property();
        int bit = switch (a.property()) {
            case "read" -> 0;
            case "write" -> 1;
            case "execute" -> 2;
            case "user" -> 3;
            default -> -1;
        };
        if (bit < 0) {
            reporter.report(DiagnosticCode.UNKNOWN_ACCESS_PROPERTY, a.propertySpan(), text);
            return new Term.Poison(Type.BOOL);
        }
        if (ctx.kind() != Kind.PERMISSION) {
            if (ctx.kind() == Kind.CONSTANT) {
                return notConstant(a.span(), ctx, "'" + text + "'");
            }
            if (ctx.kind() == Kind.COMBINED) {
                reporter.report(DiagnosticCode.NOT_ALLOWED_HERE, a.span(), "'" + text + "'",
                        "a combined declaration (it combines attributes, whatever the access)");
                return new Term.Poison(Type.BOOL);
            }
            reporter.report(DiagnosticCode.NOT_ALLOWED_HERE, a.span(), "'" + text + "'",
                    "a level's rules, fields or roots (only in 'deny' rules)");
            return new Term.Poison(Type.BOOL);
        }
        return new Term.Slice(new Term.CheckWord(Term.CheckInput.ACCESS), bit, bit, Type.BOOL);
    }

    /**
     * {@code guest.NAME}: a guest input the tree declared ({@code guest attribute NAME;}), in
     * its combined declarations only; that the guest tree of a pair has it is checked per pair.
     */
    private Term guest(Expression.GuestRef g, Scope scope, Context ctx) {
        String text = "guest." + g.property();
        if (ctx.kind() != Kind.COMBINED) {
            if (ctx.kind() == Kind.CONSTANT) {
                return notConstant(g.span(), ctx, "'" + text + "'");
            }
            reporter.report(DiagnosticCode.NOT_ALLOWED_HERE, g.span(), "'" + text + "'",
                    "anything but a stage 2 tree's 'combined' declarations");
            return new Term.Poison(Type.ANY);
        }
        Optional<Symbol> found = scope.lookup(text);
        if (found.isEmpty() || !(found.get() instanceof Symbol.Attribute a)) {
            reporter.report(DiagnosticCode.UNKNOWN_GUEST_ATTRIBUTE, g.propertySpan(), text, g.property());
            return new Term.Poison(Type.ANY);
        }
        return a.value();
    }

    private Term notConstant(SourceSpan span, Context ctx, String offender) {
        reporter.report(DiagnosticCode.NOT_CONSTANT, span, ctx.what(), offender);
        return new Term.Poison(Type.ANY);
    }

    private Term name(Expression.NameRef n, Scope scope, Context ctx) {
        Optional<Symbol> found = scope.lookup(n.name());
        if (found.isEmpty()) {
            reporter.report(laterParams.contains(n.name()) ? DiagnosticCode.PARAMETER_BEFORE_DECLARATION
                    : DiagnosticCode.UNKNOWN_NAME, n.span(), n.name());
            return new Term.Poison(Type.ANY);
        }
        return switch (found.get()) {
            case Symbol.Param p -> p.value();
            case Symbol.Field f -> switch (ctx.kind()) {
                case CONSTANT -> notConstant(n.span(), ctx, f.kind() + " '" + n.name() + "'");
                case ROOT -> {
                    reporter.report(DiagnosticCode.NOT_ALLOWED_HERE, n.span(), f.kind() + " '" + n.name() + "'",
                            "a root expression");
                    yield new Term.Poison(f.value().type());
                }
                case ENTRY, PERMISSION, COMBINED -> f.value();
            };
            case Symbol.Mode m -> m.value();
            case Symbol.Attribute a -> a.value();
            case Symbol.Register r -> {
                if (ctx.kind() == Kind.ROOT && r.name().equals(ctx.register())) {
                    yield new Term.RegisterValue();
                }
                reporter.report(DiagnosticCode.REGISTER_OUTSIDE_ROOT, n.span(), n.name());
                yield new Term.Poison(Type.INT);
            }
        };
    }

    private Term unary(Expression.Unary u, Scope scope, Context ctx) {
        Term x = check(u.operand(), scope, ctx);
        Type wanted = u.op() == Expression.UnaryOperator.NOT ? Type.BOOL : Type.INT;
        if (!require(x, wanted, u.operand().span(), "operand of '" + u.op().symbol() + "'")) {
            return new Term.Poison(Type.ANY);
        }
        if (x instanceof Term.Constant c) {
            return new Term.Constant(Eval.unary(Operators.of(u.op()), c.value()), wanted);
        }
        return x instanceof Term.Poison ? new Term.Poison(wanted) : new Term.Unary(u.op(), x, wanted);
    }

    private Term binary(Expression.Binary b, Scope scope, Context ctx) {
        Term l = check(b.left(), scope, ctx);
        Term r = check(b.right(), scope, ctx);
        BinaryOperator op = b.op();
        String operand = "operand of '" + op.symbol() + "'";
        Type result;
        switch (op) {
            case MUL, ADD, SUB -> {
                boolean ok = require(l, Type.INT, b.left().span(), operand);
                ok &= require(r, Type.INT, b.right().span(), operand);
                if (!ok) {
                    return new Term.Poison(Type.ANY);
                }
                result = Type.INT;
            }
            case SHL, SHR -> {
                boolean ok = require(l, Type.INT, b.left().span(), operand);
                ok &= require(r, Type.INT, b.right().span(), "shift amount");
                if (!ok) {
                    return new Term.Poison(Type.ANY);
                }
                if (r instanceof Term.Poison) {
                    return new Term.Poison(Type.INT);
                }
                if (!(r instanceof Term.Constant c)) {
                    // Permission rules index registers such as PKRU by a key read from the entry.
                    if (ctx.kind() != Kind.PERMISSION && ctx.kind() != Kind.COMBINED) {
                        reporter.report(DiagnosticCode.NOT_CONSTANT, b.right().span(), "a shift amount", "this one");
                        return new Term.Poison(Type.INT);
                    }
                } else if (Long.compareUnsigned(c.value(), 63) > 0) {
                    reporter.report(DiagnosticCode.SHIFT_AMOUNT, b.right().span(), Long.toUnsignedString(c.value()));
                    return new Term.Poison(Type.INT);
                }
                result = Type.INT;
            }
            case LT, LE, GT, GE -> {
                boolean ok = require(l, Type.INT, b.left().span(), operand);
                ok &= require(r, Type.INT, b.right().span(), operand);
                if (!ok) {
                    return new Term.Poison(Type.ANY);
                }
                result = Type.BOOL;
            }
            case EQ, NE -> {
                if (!l.type().fits(r.type())) {
                    reporter.report(DiagnosticCode.OPERAND_TYPES, b.opSpan(), "operands of '" + op.symbol() + "'",
                            l.type().word(), r.type().word());
                    return new Term.Poison(Type.ANY);
                }
                result = Type.BOOL;
            }
            case BIT_AND, BIT_XOR, BIT_OR -> {
                if (!l.type().fits(r.type())) {
                    reporter.report(DiagnosticCode.OPERAND_TYPES, b.opSpan(), "operands of '" + op.symbol() + "'",
                            l.type().word(), r.type().word());
                    return new Term.Poison(Type.ANY);
                }
                result = l.type() == Type.ANY ? r.type() : l.type();
            }
            case AND, OR -> {
                boolean ok = require(l, Type.BOOL, b.left().span(), operand);
                ok &= require(r, Type.BOOL, b.right().span(), operand);
                if (!ok) {
                    return new Term.Poison(Type.ANY);
                }
                result = Type.BOOL;
            }
            default -> throw new IllegalStateException(op.name());
        }
        if (l instanceof Term.Poison || r instanceof Term.Poison || result == Type.ANY) {
            return new Term.Poison(result);
        }
        if (l instanceof Term.Constant a && r instanceof Term.Constant c) {
            return new Term.Constant(Eval.binary(Operators.of(op), a.value(), c.value()), result);
        }
        return new Term.Binary(op, l, r, result);
    }

    private Term conditional(Expression.Conditional c, Scope scope, Context ctx) {
        Term cond = check(c.condition(), scope, ctx);
        Term a = check(c.then(), scope, ctx);
        Term b = check(c.otherwise(), scope, ctx);
        boolean ok = require(cond, Type.BOOL, c.condition().span(), "condition of '?:'");
        if (!a.type().fits(b.type())) {
            reporter.report(DiagnosticCode.OPERAND_TYPES, c.opSpan(), "branches of '?:'", a.type().word(),
                    b.type().word());
            ok = false;
        }
        Type type = a.type() == Type.ANY ? b.type() : a.type();
        if (!ok) {
            return new Term.Poison(Type.ANY);
        }
        if (cond instanceof Term.Poison || a instanceof Term.Poison || b instanceof Term.Poison) {
            return new Term.Poison(type);
        }
        if (cond instanceof Term.Constant k) {
            return k.value() != 0 ? a : b;
        }
        return new Term.Choice(cond, a, b, type);
    }

    private Term slice(Expression.Slice s, Scope scope, Context ctx) {
        Term base = check(s.base(), scope, ctx);
        Type type = s.lo().isPresent() ? Type.INT : Type.BOOL;
        boolean ok = true;
        if (!base.type().fits(Type.INT)) {
            reporter.report(DiagnosticCode.TYPE_MISMATCH, s.base().span(), "a sliced value", "int",
                    base.type().word());
            ok = false;
        }
        int limit = base instanceof Term.EntryWord ? ctx.entryBits() : 64;
        String inside = base instanceof Term.EntryWord ? "the " + limit + "-bit entry" : "0..63";
        Optional<Integer> hi = bound(s.hi(), scope, limit, inside);
        Optional<Integer> lo = s.lo().isPresent() ? bound(s.lo().get(), scope, limit, inside) : hi;
        if (!ok) {
            return new Term.Poison(Type.ANY);
        }
        if (hi.isEmpty() || lo.isEmpty()) {
            return new Term.Poison(type);
        }
        if (lo.get() > hi.get()) {
            reporter.report(DiagnosticCode.SLICE_REVERSED, s.bracketSpan(), hi.get(), lo.get());
            return new Term.Poison(type);
        }
        if (base instanceof Term.Poison) {
            return new Term.Poison(type);
        }
        if (base instanceof Term.Constant c) {
            return new Term.Constant(Eval.eval(Lowering.slice(new Expr.Const(c.value()), hi.get(), lo.get()), 0, 0, 0), type);
        }
        return new Term.Slice(base, hi.get(), lo.get(), type);
    }

    /** A slice bound: a constant below {@code limit}. */
    Optional<Integer> bound(Expression e, Scope scope, int limit, String inside) {
        Optional<Long> v = constant(e, scope, "a bit number");
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (Long.compareUnsigned(v.get(), limit - 1) > 0) {
            reporter.report(DiagnosticCode.SLICE_OUT_OF_RANGE, e.span(), Long.toUnsignedString(v.get()), inside);
            return Optional.empty();
        }
        return Optional.of(v.get().intValue());
    }

    private boolean require(Term t, Type wanted, SourceSpan span, String what) {
        if (t.type().fits(wanted)) {
            return true;
        }
        reporter.report(DiagnosticCode.TYPE_MISMATCH, span, what, wanted.word(), t.type().word());
        return false;
    }
}
