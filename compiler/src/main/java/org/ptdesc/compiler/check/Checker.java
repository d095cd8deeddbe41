package org.ptdesc.compiler.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceReader;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Declaration;
import org.ptdesc.compiler.syntax.Member;
import org.ptdesc.compiler.syntax.SyntaxTree;
import org.ptdesc.compiler.syntax.TreeItem;

/**
 * The checking stage: syntax trees to {@link Model}. Loads includes, folds parameters (with the
 * user's overrides), checks formats once, then each tree of the main file. Reports every error it
 * finds; returns a model only when there was none.
 */
public final class Checker {

    private final Reporter reporter;
    private final Map<String, Long> overrides;
    private final Set<String> usedOverrides = new HashSet<>();
    private final Scope globals = new Scope(null);
    private final Map<String, CheckedFormat> formats = new LinkedHashMap<>();
    private final Map<String, SourceSpan> formatSpans = new HashMap<>();
    private final ExpressionChecker expressions;

    /** A format after its own checks: its fields and its {@code with} values (typed). */
    record CheckedFormat(String name, List<FieldDef> fields, List<WithValue> withs) {}

    /** One {@code attribute = value} of a format, checked for its own sake. */
    record WithValue(Member.Assignment assignment, Term value) {}

    private Checker(Diagnostics diagnostics, Map<String, Long> overrides, Set<String> allParams) {
        this.reporter = new Reporter(diagnostics);
        this.overrides = overrides;
        this.expressions = new ExpressionChecker(reporter, allParams);
    }

    /**
     * Checks {@code main} and the files it includes, with {@code parameters} replacing the values
     * of the parameters they name. Empty when an error was reported.
     */
    public static Optional<Model> check(SyntaxTree main, Map<String, Long> parameters, Diagnostics diagnostics) {
        return check(main, parameters, diagnostics, SourceReader.DISK);
    }

    /** As {@link #check(SyntaxTree, Map, Diagnostics)}, reading included files through {@code reader}. */
    public static Optional<Model> check(SyntaxTree main, Map<String, Long> parameters, Diagnostics diagnostics,
            SourceReader reader) {
        int before = diagnostics.errorCount();
        List<SyntaxTree> units = Includes.load(main, diagnostics, reader);
        if (diagnostics.errorCount() > before || diagnostics.isFull()) {
            return Optional.empty();
        }
        Set<String> allParams = parameterNames(units, main);
        Checker checker = new Checker(diagnostics, parameters, allParams);
        units.forEach(u -> checker.reporter.addFile(u.source()));
        Model model = checker.run(units, main);
        if (model.trees().isEmpty() && diagnostics.errorCount() == before
                && main.declarations().stream().noneMatch(d -> d instanceof Declaration.Tree)) {
            // Located at the start, so that it shows like every other diagnostic of a readable file.
            diagnostics.report(DiagnosticCode.NO_TREE, main.source(), main.source().span(0, 0));
        }
        return diagnostics.errorCount() > before || diagnostics.isFull() ? Optional.empty() : Optional.of(model);
    }

    /**
     * The names of every parameter that {@code main} and its includes declare (at file level, or
     * in a tree of {@code main}), so that a run over several files can give each file only the
     * overrides it declares. Empty when the includes cannot be loaded; that error is reported by
     * {@link #check}.
     */
    public static Optional<Set<String>> declaredParameters(SyntaxTree main, SourceReader reader) {
        Diagnostics quiet = new Diagnostics();
        List<SyntaxTree> units = Includes.load(main, quiet, reader);
        return quiet.hasErrors() ? Optional.empty() : Optional.of(parameterNames(units, main));
    }

    private static Set<String> parameterNames(List<SyntaxTree> units, SyntaxTree main) {
        Set<String> names = new HashSet<>();
        for (SyntaxTree unit : units) {
            for (Declaration d : unit.declarations()) {
                switch (d) {
                    case Declaration.Param p -> names.add(p.name().text());
                    case Declaration.Tree t when unit == main -> t.items().stream()
                            .filter(i -> i instanceof Declaration.Param)
                            .forEach(i -> names.add(((Declaration.Param) i).name().text()));
                    default -> { }
                }
            }
        }
        return names;
    }

    private Model run(List<SyntaxTree> units, SyntaxTree main) {
        for (SyntaxTree unit : units) {
            for (Declaration d : unit.declarations()) {
                switch (d) {
                    case Declaration.Param p -> declareParam(p, globals);
                    case Declaration.Format f -> format(f);
                    case Declaration.Include i -> { }
                    case Declaration.Tree t -> { }
                }
            }
        }
        List<Model.TreeModel> trees = new ArrayList<>();
        Map<String, SourceSpan> treeNames = new HashMap<>();
        Map<String, String> treeSpelling = new HashMap<>();
        String sourceFile = fileName(main.source().name());
        for (Declaration d : main.declarations()) {
            if (d instanceof Declaration.Tree t) {
                // Case-insensitively: walker classes are named after trees, and x86_64 and X86_64
                // would both become X86_64Walker.
                String key = t.name().text().toLowerCase(java.util.Locale.ROOT);
                SourceSpan earlier = treeNames.putIfAbsent(key, t.name().span());
                String earlierName = treeSpelling.putIfAbsent(key, t.name().text());
                if (earlier != null) {
                    boolean exact = t.name().text().equals(earlierName);
                    reporter.report(DiagnosticCode.DUPLICATE_NAME, t.name().span(),
                            exact ? "tree" : "tree (names that differ only in case give the same walker class)",
                            t.name().text(), where(earlier));
                    continue;
                }
                new TreeChecker(this, t, sourceFile).check().ifPresent(trees::add);
            }
        }
        for (String name : new TreeSet<>(overrides.keySet())) {
            if (!usedOverrides.contains(name)) {
                reporter.report(DiagnosticCode.UNKNOWN_PARAMETER_OVERRIDE, SourceSpan.ofFile(main.source().name()), name);
            }
        }
        return new Model(trees, units.stream().map(u -> u.source().name()).toList());
    }

    private static String fileName(String name) {
        try {
            Path p = Path.of(name).getFileName();
            return p == null ? name : p.toString();
        } catch (RuntimeException e) {
            return name;
        }
    }

    /** Folds a parameter (its override, else its value) and declares it in {@code scope}. */
    void declareParam(Declaration.Param p, Scope scope) {
        String name = p.name().text();
        Term value;
        Optional<Long> declared = p.value().flatMap(v -> expressions.constant(v, scope, "a parameter's value"));
        if (overrides.containsKey(name)) {
            usedOverrides.add(name);
            value = new Term.Constant(overrides.get(name), Type.INT);
        } else if (p.value().isEmpty()) {
            reporter.report(DiagnosticCode.PARAMETER_WITHOUT_VALUE, p.name().span(), name);
            value = new Term.Poison(Type.INT);
        } else {
            value = declared.<Term>map(v -> new Term.Constant(v, Type.INT)).orElse(new Term.Poison(Type.INT));
        }
        declare(scope, name, new Symbol.Param(value, p.name().span()), p.name().span());
    }

    /** Declares a name, reporting a clash with an earlier one. */
    void declare(Scope scope, String name, Symbol symbol, SourceSpan at) {
        scope.declare(name, symbol).ifPresent(earlier -> reporter.report(DiagnosticCode.DUPLICATE_NAME, at,
                symbol.kind(), name, where(earlier.declared()) + (earlier.kind().equals(symbol.kind()) ? ""
                        : " as a " + earlier.kind())));
    }

    /**
     * Checks a field and declares it; a field with errors is declared as poison, so its uses do
     * not report again.
     */
    Optional<FieldDef> declareField(Member.Field field, Scope scope, int entryBits) {
        Optional<FieldDef> def = FieldDef.check(field, scope, expressions, reporter, entryBits);
        Term value = def.map(FieldDef::value).orElse(new Term.Poison(field.flag() ? Type.BOOL : Type.INT));
        declare(scope, field.name().text(), new Symbol.Field(value, field.flag(),
                def.map(FieldDef::parametric).orElse(false), field.name().span()),
                field.name().span());
        return def;
    }

    /** {@code file:line} of a span. */
    static String where(SourceSpan span) {
        return span.fileName() + ":" + span.line();
    }

    private void format(Declaration.Format f) {
        String name = f.name().text();
        SourceSpan earlier = formatSpans.putIfAbsent(name, f.name().span());
        if (earlier != null) {
            reporter.report(DiagnosticCode.DUPLICATE_NAME, f.name().span(), "format", name, where(earlier));
            return;
        }
        Scope scope = new Scope(globals);
        List<FieldDef> fields = new ArrayList<>();
        List<WithValue> withs = new ArrayList<>();
        for (Member m : f.members()) {
            if (m instanceof Member.Field field) {
                declareField(field, scope, 64).ifPresent(fields::add);
            }
        }
        for (Member m : f.members()) {
            if (m instanceof Member.With with) {
                for (Member.Assignment a : with.assignments()) {
                    Term v = expressions.check(a.value(), scope,
                            new ExpressionChecker.Context(ExpressionChecker.Kind.ENTRY, "an attribute value", null, 64));
                    withs.add(new WithValue(a, v));
                }
            }
        }
        formats.put(name, new CheckedFormat(name, fields, withs));
    }

    Reporter reporter() {
        return reporter;
    }

    ExpressionChecker expressions() {
        return expressions;
    }

    Scope globals() {
        return globals;
    }

    Optional<CheckedFormat> format(String name) {
        return Optional.ofNullable(formats.get(name));
    }

    boolean formatDeclared(String name) {
        return formatSpans.containsKey(name);
    }

    /** Tree items of a kind, in order. */
    static <T extends TreeItem> List<T> items(Declaration.Tree tree, Class<T> kind) {
        List<T> out = new ArrayList<>();
        for (TreeItem i : tree.items()) {
            if (kind.isInstance(i)) {
                out.add(kind.cast(i));
            }
        }
        return out;
    }
}
