package org.ptdesc.compiler.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.grammar.PtdescParser;
import org.ptdesc.grammar.PtdescParser.*;

/**
 * Turns an ANTLR parse tree without syntax errors into syntax-tree records. Parentheses and
 * other pure punctuation disappear here; every record keeps the spans later stages report at.
 */
final class TreeBuilder {

    private final SourceFile source;

    TreeBuilder(SourceFile source) {
        this.source = source;
    }

    SyntaxTree file(FileContext ctx) {
        List<Declaration> declarations = new ArrayList<>();
        for (DeclarationContext d : ctx.declaration()) {
            declarations.add(declaration(d));
        }
        return new SyntaxTree(source, declarations);
    }

    private Declaration declaration(DeclarationContext d) {
        if (d.includeDecl() != null) {
            Token path = d.includeDecl().STRING().getSymbol();
            return new Declaration.Include(StringLiteral.value(path.getText()), span(path));
        }
        if (d.paramDecl() != null) {
            return param(d.paramDecl());
        }
        if (d.formatDecl() != null) {
            FormatDeclContext f = d.formatDecl();
            List<Member> members = new ArrayList<>();
            for (FormatItemContext item : f.formatItem()) {
                members.add(item.fieldDecl() != null ? field(item.fieldDecl()) : with(item.withDecl()));
            }
            return new Declaration.Format(name(f.name), doc(f.doc()), members);
        }
        TreeDeclContext t = d.treeDecl();
        List<TreeItem> items = new ArrayList<>();
        for (TreeItemContext item : t.treeItem()) {
            items.add(treeItem(item));
        }
        return new Declaration.Tree(name(t.name), doc(t.doc()), items);
    }

    private Declaration.Param param(ParamDeclContext p) {
        Optional<Declaration.ValueRange> range = Optional.ofNullable(p.paramRange()).map(r ->
                new Declaration.ValueRange(expr(r.low), expr(r.high), span(r.keyword)));
        return new Declaration.Param(name(p.name), Optional.ofNullable(p.expr()).map(this::expr), range, doc(p.doc()));
    }

    private TreeItem treeItem(TreeItemContext item) {
        if (item.addressDecl() != null) {
            AddressDeclContext a = item.addressDecl();
            return new TreeItem.Address(expr(a.expr()), a.SIGN_EXTENDED() != null, span(a.ADDRESS().getSymbol()));
        }
        if (item.rangeDecl() != null) {
            RangeDeclContext r = item.rangeDecl();
            return new TreeItem.Range(expr(r.first), expr(r.last), span(r.RANGE().getSymbol()));
        }
        if (item.offsetDecl() != null) {
            OffsetDeclContext o = item.offsetDecl();
            return new TreeItem.Offset(expr(o.expr()), span(o.OFFSET().getSymbol()));
        }
        if (item.entryDecl() != null) {
            EntryDeclContext e = item.entryDecl();
            boolean big = e.endian != null && e.endian.getType() == PtdescParser.BIG_ENDIAN;
            return new TreeItem.EntrySize(expr(e.expr()), big, span(e.ENTRY().getSymbol()));
        }
        if (item.useFormat() != null) {
            return new TreeItem.UseFormat(name(item.useFormat().ID().getSymbol()));
        }
        if (item.paramDecl() != null) {
            return param(item.paramDecl());
        }
        if (item.rootDecl() != null) {
            RootDeclContext r = item.rootDecl();
            SourceSpan forSpan = r.FOR() != null ? span(r.FOR().getSymbol()) : name(r.name).span();
            return new TreeItem.Root(name(r.name), Optional.ofNullable(r.first).map(this::expr),
                    Optional.ofNullable(r.last).map(this::expr), expr(r.value), doc(r.doc()), forSpan);
        }
        if (item.tagDecl() != null) {
            TagDeclContext t = item.tagDecl();
            return new TreeItem.Tag(expr(t.hi), expr(t.lo), doc(t.doc()), span(t.keyword));
        }
        if (item.modeDecl() != null) {
            ModeDeclContext m = item.modeDecl();
            return new TreeItem.ModeDecl(name(m.name), Optional.ofNullable(m.width).map(this::expr), expr(m.value),
                    doc(m.doc()), span(m.keyword));
        }
        if (item.guestAttributeDecl() != null) {
            GuestAttributeDeclContext g = item.guestAttributeDecl();
            return new TreeItem.GuestAttribute(name(g.name), Optional.ofNullable(g.width).map(this::expr), doc(g.doc()),
                    span(g.keyword));
        }
        if (item.combinedDecl() != null) {
            CombinedDeclContext c = item.combinedDecl();
            return new TreeItem.Combined(name(c.name), Optional.ofNullable(c.width).map(this::expr), expr(c.value),
                    doc(c.doc()), span(c.keyword));
        }
        if (item.denyDecl() != null) {
            DenyDeclContext d = item.denyDecl();
            return new TreeItem.Deny(StringLiteral.value(d.message.getText()), expr(d.cond), span(d.keyword));
        }
        if (item.attributeDecl() != null) {
            AttributeDeclContext a = item.attributeDecl();
            TreeItem.Accumulation acc = switch (a.op.getType()) {
                case PtdescParser.AND -> TreeItem.Accumulation.AND;
                case PtdescParser.OR -> TreeItem.Accumulation.OR;
                default -> TreeItem.Accumulation.SET;
            };
            return new TreeItem.AttributeDecl(name(a.name), Optional.ofNullable(a.width).map(this::expr), acc,
                    doc(a.doc()));
        }
        if (item.fieldDecl() != null) {
            return field(item.fieldDecl());
        }
        if (item.withDecl() != null) {
            return with(item.withDecl());
        }
        LevelDeclContext l = item.levelDecl();
        List<LevelItem> items = new ArrayList<>();
        for (LevelItemContext li : l.levelItem()) {
            if (li.fieldDecl() != null) {
                items.add(field(li.fieldDecl()));
            } else if (li.withDecl() != null) {
                items.add(with(li.withDecl()));
            } else {
                items.add(rule(li.ruleDecl()));
            }
        }
        return new TreeItem.Level(name(l.name), expr(l.expr()), doc(l.doc()), items);
    }

    private LevelItem.RuleDecl rule(RuleDeclContext r) {
        return switch (r) {
            case InvalidRuleContext i -> new LevelItem.Invalid(optional(i.cond), doc(i.doc()), span(i.INVALID().getSymbol()));
            case FaultRuleContext f -> new LevelItem.Fault(StringLiteral.value(f.message.getText()), optional(f.cond),
                    span(f.FAULT().getSymbol()));
            case MappingRuleContext m -> {
                List<Member.Assignment> with = m.withClause() == null ? List.of() : assignments(m.withClause().assignment());
                List<LevelItem.Setting> sets = new ArrayList<>();
                if (m.setsClause() != null) {
                    for (SettingContext s : m.setsClause().setting()) {
                        sets.add(new LevelItem.Setting(name(s.ID().getSymbol()), optional(s.expr())));
                    }
                }
                yield new LevelItem.Mapping(m.kind.getType() == PtdescParser.LEAF, optional(m.cond), expr(m.target),
                        with, sets, doc(m.doc()), span(m.kind));
            }
            default -> throw new IllegalStateException("unknown rule " + r.getClass());
        };
    }

    private Member.Field field(FieldDeclContext f) {
        List<Member.BitRange> slices = new ArrayList<>();
        for (SliceContext s : f.slice()) {
            slices.add(new Member.BitRange(expr(s.hi), optional(s.lo), span(s)));
        }
        return new Member.Field(f.kind.getType() == PtdescParser.FLAG, name(f.name), slices, doc(f.doc()));
    }

    private Member.With with(WithDeclContext w) {
        return new Member.With(assignments(w.assignment()));
    }

    private List<Member.Assignment> assignments(List<AssignmentContext> list) {
        List<Member.Assignment> out = new ArrayList<>();
        for (AssignmentContext a : list) {
            out.add(new Member.Assignment(name(a.ID().getSymbol()), expr(a.expr())));
        }
        return out;
    }

    private Optional<Expression> optional(ExprContext e) {
        return Optional.ofNullable(e).map(this::expr);
    }

    private Expression expr(ExprContext e) {
        SourceSpan span = span(e);
        return switch (e) {
            case PrimaryExprContext p -> primary(p.primary());
            case SliceExprContext s -> new Expression.Slice(expr(s.expr(0)), expr(s.hi), optional(s.lo), span,
                    span((Token) s.getChild(1).getPayload()));
            case UnaryExprContext u -> new Expression.Unary(switch (u.op.getText()) {
                case "!" -> Expression.UnaryOperator.NOT;
                case "~" -> Expression.UnaryOperator.INVERT;
                default -> Expression.UnaryOperator.NEGATE;
            }, expr(u.expr()), span, span(u.op));
            case BinaryExprContext b -> new Expression.Binary(Expression.BinaryOperator.of(b.op.getText()),
                    expr(b.expr(0)), expr(b.expr(1)), span, span(b.op));
            case ConditionalExprContext c -> new Expression.Conditional(expr(c.expr(0)), expr(c.expr(1)),
                    expr(c.expr(2)), span, span((Token) c.getChild(1).getPayload()));
            default -> throw new IllegalStateException("unknown expression " + e.getClass());
        };
    }

    private Expression primary(PrimaryContext p) {
        SourceSpan span = span(p);
        return switch (p) {
            case IntLiteralContext i -> new Expression.IntLiteral(
                    IntegerLiteral.parse(i.INT().getText()).orElse(0), i.INT().getText(), span);
            case BoolLiteralContext b -> new Expression.BoolLiteral(b.TRUE() != null, span);
            case EntryRefContext x -> new Expression.EntryRef(span);
            case VaRefContext x -> new Expression.VaRef(span);
            case NameRefContext n -> new Expression.NameRef(n.ID().getText(), span);
            case AccessRefContext a -> new Expression.AccessRef(a.property.getText(), span, span(a.property));
            case GuestRefContext g -> new Expression.GuestRef(g.property.getText(), span, span(g.property));
            case ParenExprContext x -> withSpan(expr(x.expr()), span);
            default -> throw new IllegalStateException("unknown primary " + p.getClass());
        };
    }

    /** A parenthesised expression keeps its inner meaning but reports at the parentheses. */
    private static Expression withSpan(Expression e, SourceSpan span) {
        return switch (e) {
            case Expression.IntLiteral x -> new Expression.IntLiteral(x.value(), x.text(), span);
            case Expression.BoolLiteral x -> new Expression.BoolLiteral(x.value(), span);
            case Expression.EntryRef x -> new Expression.EntryRef(span);
            case Expression.VaRef x -> new Expression.VaRef(span);
            case Expression.NameRef x -> new Expression.NameRef(x.name(), span);
            case Expression.AccessRef x -> new Expression.AccessRef(x.property(), span, x.propertySpan());
            case Expression.GuestRef x -> new Expression.GuestRef(x.property(), span, x.propertySpan());
            case Expression.Unary x -> new Expression.Unary(x.op(), x.operand(), span, x.opSpan());
            case Expression.Binary x -> new Expression.Binary(x.op(), x.left(), x.right(), span, x.opSpan());
            case Expression.Conditional x -> new Expression.Conditional(x.condition(), x.then(), x.otherwise(), span,
                    x.opSpan());
            case Expression.Slice x -> new Expression.Slice(x.base(), x.hi(), x.lo(), span, x.bracketSpan());
        };
    }

    private Name name(Token t) {
        return new Name(t.getText(), span(t));
    }

    private String doc(DocContext d) {
        return d == null ? "" : StringLiteral.value(d.STRING().getText());
    }

    private SourceSpan span(Token t) {
        return source.span(t.getStartIndex(), t.getStopIndex() + 1);
    }

    private SourceSpan span(ParserRuleContext c) {
        return source.span(c.getStart().getStartIndex(), c.getStop().getStopIndex() + 1);
    }
}
