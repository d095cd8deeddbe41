package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Declaration;
import org.ptdesc.compiler.syntax.TreeItem;

/**
 * Checks a tree's access checks: its {@code mode} declarations (packed into the mode word in
 * declaration order, each with a default that fits) and its {@code deny} rules, whose
 * conditions may read the leaf entry, the tree's fields, the accumulated attributes, the modes
 * and {@code access.*}. Then it analyses the rules ({@link PermissionAnalysis}): a rule that can
 * never deny is an error, a rule shadowed by an earlier one and a mode no rule reads are warnings.
 */
final class PermissionChecker {

    private final Checker checker;
    private final Reporter reporter;
    private final ExpressionChecker expressions;
    private final Declaration.Tree tree;
    private final Scope scope;
    private final int entryBits;

    /** {@code treeScope}: the tree's names; modes and attributes are added in a scope of their own. */
    PermissionChecker(Checker checker, Declaration.Tree tree, Scope treeScope, int entryBits) {
        this.checker = checker;
        this.reporter = checker.reporter();
        this.expressions = checker.expressions();
        this.tree = tree;
        this.scope = new Scope(treeScope);
        this.entryBits = entryBits;
    }

    /** The checked modes and rules (the rules only when none had an error). */
    record Result(List<Model.ModeModel> modes, List<Model.PermissionModel> permissions) {}

    Result check(List<Model.AttributeModel> attributes) {
        List<ModeSite> modes = modes();
        declareAttributes(attributes);
        List<TreeItem.Deny> denies = Checker.items(tree, TreeItem.Deny.class);
        List<Model.PermissionModel> rules = new ArrayList<>();
        List<SourceSpan> spans = new ArrayList<>();
        boolean ok = true;
        for (TreeItem.Deny d : denies) {
            Term condition = expressions.check(d.condition(), scope, new ExpressionChecker.Context(
                    ExpressionChecker.Kind.PERMISSION, "a permission rule's condition", null, entryBits), Type.BOOL);
            ok &= !condition.poisoned();
            rules.add(new Model.PermissionModel(condition, d.text(), d.keyword().line()));
            spans.add(d.keyword());
        }
        if (ok) {
            analyse(rules, spans, modes);
        }
        return new Result(modes.stream().map(ModeSite::model).toList(), rules);
    }

    /** A checked mode and where it was declared. */
    private record ModeSite(Model.ModeModel model, SourceSpan at) {}

    private List<ModeSite> modes() {
        List<ModeSite> out = new ArrayList<>();
        int offset = 0;
        for (TreeItem.ModeDecl m : Checker.items(tree, TreeItem.ModeDecl.class)) {
            String name = m.name().text();
            int width = 1;
            if (m.width().isPresent()) {
                Optional<Long> w = expressions.constant(m.width().get(), scope, "a mode's width");
                if (w.isEmpty()) {
                    continue;
                }
                if (w.get() < 1 || w.get() > 64) {
                    reporter.report(DiagnosticCode.MODE_WIDTH, m.width().get().span(), name,
                            Long.toUnsignedString(w.get()));
                    continue;
                }
                width = w.get().intValue();
            }
            boolean bool = m.width().isEmpty();
            if (offset + width > 64) {
                reporter.report(DiagnosticCode.MODE_WORD_FULL, m.name().span(), name, offset + width - 1);
                continue;
            }
            Term value = expressions.check(m.value(), scope, ExpressionChecker.Context.constant("a mode's default"),
                    bool ? Type.BOOL : Type.INT);
            if (!(value instanceof Term.Constant c)) {
                if (!value.poisoned()) {
                    reporter.report(DiagnosticCode.NOT_CONSTANT, m.value().span(), "a mode's default", "this one");
                }
                continue;
            }
            if (width < 64 && Long.compareUnsigned(c.value(), Term.mask(width)) > 0) {
                reporter.report(DiagnosticCode.MODE_DEFAULT, m.value().span(), Long.toUnsignedString(c.value()), name,
                        width + (width == 1 ? " bit" : " bits"));
                continue;
            }
            Term slice = new Term.Slice(new Term.CheckWord(Term.CheckInput.MODES), offset + width - 1, offset,
                    bool ? Type.BOOL : Type.INT);
            checker.declare(scope, name, new Symbol.Mode(slice, m.name().span()), m.name().span());
            out.add(new ModeSite(new Model.ModeModel(name, offset, width, c.value(), m.doc(), m.keyword().line()),
                    m.name().span()));
            offset += width;
        }
        return out;
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

    private void analyse(List<Model.PermissionModel> rules, List<SourceSpan> spans, List<ModeSite> modes) {
        for (int i = 0; i < rules.size(); i++) {
            Term condition = rules.get(i).condition();
            if (PermissionAnalysis.neverDenies(condition)) {
                reporter.report(DiagnosticCode.PERMISSION_NEVER_DENIES, spans.get(i));
                continue;
            }
            for (int j = 0; j < i; j++) {
                if (PermissionAnalysis.implies(condition, rules.get(j).condition())) {
                    reporter.report(DiagnosticCode.PERMISSION_SHADOWED, spans.get(i), rules.get(j).line());
                    break;
                }
            }
        }
        long read = 0;
        for (Model.PermissionModel r : rules) {
            read |= PermissionAnalysis.modeBitsRead(r.condition());
        }
        for (ModeSite m : modes) {
            long bits = Term.mask(m.model().width()) << m.model().offset();
            if ((read & bits) == 0) {
                reporter.report(DiagnosticCode.MODE_UNUSED, m.at(), m.model().name());
            }
        }
    }
}
