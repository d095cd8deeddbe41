package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Member;
import org.ptdesc.compiler.syntax.TreeItem;

/**
 * A tree's attributes and where their values come from: the declarations (packed into the
 * attribute word), the {@code with} values of the tree and of its formats, and, per rule, the
 * value each attribute gets from the rule, its level, the tree or a format, in that order.
 */
final class AttributeValues {

    private final Reporter reporter;
    private final ExpressionChecker expressions;
    private final String treeName;
    private final int entryBits;
    private final Map<String, Model.AttributeModel> attributes = new LinkedHashMap<>();
    private final Map<String, Term> treeWith = new HashMap<>();
    private final Map<String, Term> formatWith = new HashMap<>();

    AttributeValues(Reporter reporter, ExpressionChecker expressions, String treeName, int entryBits) {
        this.reporter = reporter;
        this.expressions = expressions;
        this.treeName = treeName;
        this.entryBits = entryBits;
    }

    /** The declared attributes, in declaration order. */
    List<Model.AttributeModel> models() {
        return List.copyOf(attributes.values());
    }

    /** Declares the tree's attributes, packing them from bit 0 in declaration order. */
    void declare(List<TreeItem.AttributeDecl> declarations, Scope scope) {
        int offset = 0;
        Map<String, SourceSpan> seen = new HashMap<>();
        for (TreeItem.AttributeDecl a : declarations) {
            String name = a.name().text();
            SourceSpan earlier = seen.putIfAbsent(name, a.name().span());
            if (earlier != null) {
                reporter.report(DiagnosticCode.DUPLICATE_NAME, a.name().span(), "attribute", name, Checker.where(earlier));
                continue;
            }
            int width = 1;
            if (a.width().isPresent()) {
                Optional<Long> w = expressions.constant(a.width().get(), scope, "an attribute's width");
                if (w.isEmpty()) {
                    continue;
                }
                if (w.get() < 1 || w.get() > 64) {
                    reporter.report(DiagnosticCode.ATTRIBUTE_WIDTH, a.width().get().span(), name,
                            Long.toUnsignedString(w.get()));
                    continue;
                }
                width = w.get().intValue();
            }
            if (offset + width > 64) {
                reporter.report(DiagnosticCode.ATTRIBUTE_WORD_FULL, a.name().span(), name, offset + width - 1);
                continue;
            }
            attributes.put(name, new Model.AttributeModel(name, offset, width, a.accumulation(), a.width().isEmpty(),
                    a.doc()));
            offset += width;
        }
    }

    /** Takes a used format's {@code with} values (the first format to give a value wins). */
    void formatWith(Checker.CheckedFormat f) {
        Map<String, Term> own = new HashMap<>();
        for (Checker.WithValue w : f.withs()) {
            Member.Assignment a = w.assignment();
            if (attributeFits(a, w.value()) && !own.containsKey(a.attribute().text())) {
                own.put(a.attribute().text(), w.value());
            }
        }
        // The first format that gives an attribute a value wins.
        own.forEach(formatWith::putIfAbsent);
    }

    /** Checks {@code with} assignments into {@code into} (one scope: an attribute at most once). */
    void assign(List<Member.Assignment> assignments, Scope in, Map<String, Term> into) {
        for (Member.Assignment a : assignments) {
            Term v = expressions.check(a.value(), in, entryContext("an attribute value"));
            if (into.containsKey(a.attribute().text())) {
                reporter.report(DiagnosticCode.DUPLICATE_ASSIGNMENT, a.attribute().span(), a.attribute().text());
                continue;
            }
            if (attributeFits(a, v)) {
                into.put(a.attribute().text(), v);
            }
        }
    }

    private boolean attributeFits(Member.Assignment a, Term v) {
        Model.AttributeModel attr = attributes.get(a.attribute().text());
        if (attr == null) {
            reporter.report(DiagnosticCode.UNKNOWN_ATTRIBUTE, a.attribute().span(), a.attribute().text(),
                    " in tree '" + treeName + "'");
            return false;
        }
        Type wanted = attr.bool() ? Type.BOOL : Type.INT;
        if (!v.type().fits(wanted)) {
            reporter.report(DiagnosticCode.ATTRIBUTE_TYPE, a.value().span(), attr.name(), wanted.word(),
                    v.type().word());
            return false;
        }
        return true;
    }


    /** Takes a tree-level {@code with}. */
    void treeWith(List<Member.Assignment> assignments, Scope scope) {
        assign(assignments, scope, treeWith);
    }

    private ExpressionChecker.Context entryContext(String what) {
        return new ExpressionChecker.Context(ExpressionChecker.Kind.ENTRY, what, null, entryBits);
    }

    /** Each attribute's value for one rule: rule, level, tree, then format {@code with}s. */
    List<Model.AttributeValue> values(Map<String, Term> rule, Map<String, Term> level) {
        List<Model.AttributeValue> out = new ArrayList<>();
        for (String name : attributes.keySet()) {
            Term v = rule.get(name);
            v = v != null ? v : level.get(name);
            v = v != null ? v : treeWith.get(name);
            v = v != null ? v : formatWith.get(name);
            if (v != null) {
                out.add(new Model.AttributeValue(name, v));
            }
        }
        return out;
    }
}
