package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Declaration;
import org.ptdesc.compiler.syntax.Expression;
import org.ptdesc.compiler.syntax.TreeItem;

/**
 * Checks a stage 2 tree's combined attributes: its {@code guest attribute} declarations (what
 * the guest tree of a pair must provide, packed into the guest input word in declaration order)
 * and its {@code combined} declarations (packed into the combined word in declaration order),
 * whose expressions may read the leaf entry, the tree's fields, parameters, its attributes,
 * earlier combined attributes and {@code guest.NAME}. That a pair's guest tree has the inputs is
 * checked when the pair is compiled ({@link org.ptdesc.compiler.ir.PairCombination}).
 */
final class CombinationChecker {

    private final Checker checker;
    private final Reporter reporter;
    private final ExpressionChecker expressions;
    private final Declaration.Tree tree;
    private final Scope scope;
    private final int entryBits;

    /** {@code treeScope}: the tree's names; attributes, guest inputs and combined names go in a scope of their own. */
    CombinationChecker(Checker checker, Declaration.Tree tree, Scope treeScope, int entryBits) {
        this.checker = checker;
        this.reporter = checker.reporter();
        this.expressions = checker.expressions();
        this.tree = tree;
        this.scope = new Scope(treeScope);
        this.entryBits = entryBits;
    }

    Model.CombinationModel check(List<Model.AttributeModel> attributes) {
        List<TreeItem.GuestAttribute> guests = Checker.items(tree, TreeItem.GuestAttribute.class);
        List<TreeItem.Combined> combined = Checker.items(tree, TreeItem.Combined.class);
        if (guests.isEmpty() && combined.isEmpty()) {
            return Model.CombinationModel.NONE;
        }
        declareAttributes(attributes);
        List<Model.GuestInputModel> inputs = inputs(guests);
        List<Model.CombinedModel> out = new ArrayList<>();
        int offset = 0;
        for (TreeItem.Combined c : combined) {
            String name = c.name().text();
            Optional<Integer> width = width(c.width(), "combined attribute", name);
            if (width.isEmpty()) {
                continue;
            }
            int w = width.get();
            if (offset + w > 64) {
                reporter.report(DiagnosticCode.COMBINED_WORD_FULL, c.name().span(), "combined attribute", name,
                        offset + w - 1);
                continue;
            }
            boolean bool = c.width().isEmpty();
            Term value = expressions.check(c.value(), scope, new ExpressionChecker.Context(
                    ExpressionChecker.Kind.COMBINED, "a combined attribute's value", null, entryBits),
                    bool ? Type.BOOL : Type.INT);
            // The value as the combined word holds it: later declarations read the same bits.
            Term held = bool || w == 64 || value.poisoned() ? value : new Term.Slice(value, w - 1, 0, Type.INT);
            checker.declare(scope, name, new Symbol.Attribute(held, c.name().span()), c.name().span());
            if (!value.poisoned()) {
                out.add(new Model.CombinedModel(name, offset, w, bool, held, c.doc(), c.keyword().line()));
            }
            offset += w;
        }
        return new Model.CombinationModel(inputs, out);
    }

    private List<Model.GuestInputModel> inputs(List<TreeItem.GuestAttribute> guests) {
        List<Model.GuestInputModel> out = new ArrayList<>();
        int offset = 0;
        for (TreeItem.GuestAttribute g : guests) {
            String name = g.name().text();
            Optional<Integer> width = width(g.width(), "guest attribute", name);
            if (width.isEmpty()) {
                continue;
            }
            int w = width.get();
            if (offset + w > 64) {
                reporter.report(DiagnosticCode.COMBINED_WORD_FULL, g.name().span(), "guest attribute", name,
                        offset + w - 1);
                continue;
            }
            boolean bool = g.width().isEmpty();
            Term slice = new Term.Slice(new Term.CheckWord(Term.CheckInput.GUEST), offset + w - 1, offset,
                    bool ? Type.BOOL : Type.INT);
            checker.declare(scope, "guest." + name, new Symbol.Attribute(slice, g.name().span()), g.name().span());
            SourceSpan at = g.name().span();
            SourceFile.Excerpt line = reporter.excerpt(at);
            out.add(new Model.GuestInputModel(name, offset, w, bool, g.doc(), at, line.text(), line.column()));
            offset += w;
        }
        return out;
    }

    /** 1 for a boolean (no width), else the constant width if it is 1..64 (reported otherwise). */
    private Optional<Integer> width(Optional<Expression> width, String what, String name) {
        if (width.isEmpty()) {
            return Optional.of(1);
        }
        Optional<Long> w = expressions.constant(width.get(), scope, "a " + what + "'s width");
        if (w.isEmpty()) {
            return Optional.empty();
        }
        if (w.get() < 1 || w.get() > 64) {
            reporter.report(DiagnosticCode.COMBINED_WIDTH, width.get().span(), what, name,
                    Long.toUnsignedString(w.get()));
            return Optional.empty();
        }
        return Optional.of(w.get().intValue());
    }

    private void declareAttributes(List<Model.AttributeModel> attributes) {
        for (TreeItem.AttributeDecl d : Checker.items(tree, TreeItem.AttributeDecl.class)) {
            attributes.stream().filter(a -> a.name().equals(d.name().text())).findFirst().ifPresent(a -> {
                Term slice = new Term.Slice(new Term.CheckWord(Term.CheckInput.ATTRIBUTES), a.offset() + a.width() - 1,
                        a.offset(), a.bool() ? Type.BOOL : Type.INT);
                checker.declare(scope, a.name(), new Symbol.Attribute(slice, d.name().span()), d.name().span());
            });
        }
    }
}
