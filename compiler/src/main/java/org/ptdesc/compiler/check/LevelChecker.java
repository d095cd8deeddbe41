package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.syntax.LevelItem;
import org.ptdesc.compiler.syntax.Member;
import org.ptdesc.compiler.syntax.TreeItem;

/**
 * Checks one level: its fields and {@code with} values in the level's own scope, then its rules
 * in order (conditions bool, addresses int, no table in the last level, at least one rule that
 * maps), then the {@link RuleAnalysis} over them.
 */
final class LevelChecker {

    private final Checker checker;
    private final Reporter reporter;
    private final ExpressionChecker expressions;
    private final AttributeValues attributes;
    private final Scope scope;
    private final int entryBits;

    LevelChecker(Checker checker, AttributeValues attributes, Scope treeScope, int entryBits) {
        this.checker = checker;
        this.reporter = checker.reporter();
        this.expressions = checker.expressions();
        this.attributes = attributes;
        this.scope = treeScope;
        this.entryBits = entryBits;
    }

    /**
     * Most rules in one level. Every rule is inlined into the level's walk method and into both
     * translate methods, whose bytecode the JVM limits to 65,535 bytes (JVMS §4.7.3); the rule
     * analysis is also quadratic in the rules. So a longer level is refused before either: 256
     * simple rules already take about 18 KB of one walk method.
     */
    static final int MAX_RULES = 256;

    /** Checks one level; {@code shift} is -1 when the layout is unknown. */
    Model.LevelModel check(TreeItem.Level l, int bits, int shift, boolean last) {
        List<LevelItem.RuleDecl> all = l.items().stream().filter(i -> i instanceof LevelItem.RuleDecl)
                .map(i -> (LevelItem.RuleDecl) i).toList();
        if (all.size() > MAX_RULES) {
            reporter.report(DiagnosticCode.TOO_MANY_RULES, all.get(MAX_RULES).keyword(), l.name().text(), all.size(),
                    MAX_RULES);
            return new Model.LevelModel(l.name().text(), bits, shift, l.doc(), List.of(), l.name().span().line());
        }
        Scope levelScope = new Scope(scope);
        for (LevelItem item : l.items()) {
            if (item instanceof Member.Field f) {
                checker.declareField(f, levelScope, entryBits);
            }
        }
        Map<String, Term> levelWith = new HashMap<>();
        for (LevelItem item : l.items()) {
            if (item instanceof Member.With w) {
                attributes.assign(w.assignments(), levelScope, levelWith);
            }
        }
        List<Model.RuleModel> rules = new ArrayList<>();
        List<LevelItem.RuleDecl> decls = new ArrayList<>();
        List<Boolean> parametric = new ArrayList<>();
        boolean productive = false;
        for (LevelItem item : l.items()) {
            if (!(item instanceof LevelItem.RuleDecl r)) {
                continue;
            }
            decls.add(r);
            parametric.add(r.condition().map(c -> ParameterUse.in(c, levelScope)).orElse(false));
            Term cond = r.condition().map(c -> expressions.check(c, levelScope, entryContext("a 'when' condition"),
                    Type.BOOL)).orElse(Term.TRUE);
            int line = r.keyword().line();
            switch (r) {
                case LevelItem.Invalid i -> rules.add(new Model.InvalidRule(cond, line));
                case LevelItem.Fault f -> rules.add(new Model.FaultRule(cond, f.message(), line));
                case LevelItem.Mapping m -> {
                    productive = true;
                    if (!m.leaf() && last) {
                        reporter.report(DiagnosticCode.LAST_LEVEL_TABLE, m.keyword(), l.name().text());
                    }
                    Term target = expressions.check(m.target(), levelScope,
                            entryContext(m.leaf() ? "a leaf address" : "a table address"), Type.INT);
                    Map<String, Term> ruleWith = new HashMap<>();
                    attributes.assign(m.with(), levelScope, ruleWith);
                    rules.add(new Model.MappingRule(m.leaf(), cond, target,
                            attributes.values(ruleWith, levelWith), line, settings(m.sets(), levelScope)));
                }
            }
        }
        if (!productive) {
            reporter.report(DiagnosticCode.LEVEL_UNPRODUCTIVE, l.name().span(), l.name().text());
        }
        new RuleAnalysis(reporter, entryBits).analyse(decls, rules, parametric, shift);
        return new Model.LevelModel(l.name().text(), bits, shift, l.doc(), rules, l.name().span().line());
    }

    /** A {@code sets} clause: each name must be an entry field, each value a constant (1 when left out). */
    private List<Model.SetValue> settings(List<LevelItem.Setting> sets, Scope levelScope) {
        List<Model.SetValue> out = new ArrayList<>();
        for (LevelItem.Setting s : sets) {
            String name = s.field().text();
            if (!(levelScope.lookup(name).orElse(null) instanceof Symbol.Field f)) {
                reporter.report(levelScope.lookup(name).isEmpty() ? DiagnosticCode.UNKNOWN_NAME
                        : DiagnosticCode.SETS_NOT_A_FIELD, s.field().span(), name);
                continue;
            }
            long value = s.value().isEmpty() ? 1
                    : expressions.constant(s.value().get(), levelScope, "a 'sets' value").orElse(Long.MIN_VALUE);
            if (value != Long.MIN_VALUE && !f.value().poisoned()) {
                out.add(new Model.SetValue(name, f.value(), value, s.field().span()));
            }
        }
        return out;
    }

    private ExpressionChecker.Context entryContext(String what) {
        return new ExpressionChecker.Context(ExpressionChecker.Kind.ENTRY, what, null, entryBits);
    }
}
