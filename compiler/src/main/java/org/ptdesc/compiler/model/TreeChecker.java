package org.ptdesc.compiler.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Declaration;
import org.ptdesc.compiler.syntax.Expression;
import org.ptdesc.compiler.syntax.LevelItem;
import org.ptdesc.compiler.syntax.Member;
import org.ptdesc.compiler.syntax.TreeItem;

/**
 * Checks one tree: its address space, entry size, parameters, fields, attributes, roots and
 * levels, in an order where each part only needs the parts before it. The level layout (shifts)
 * and the rule analyses ({@link RuleAnalysis}) run once the layout is known to be sound.
 */
final class TreeChecker {

    private final Checker checker;
    private final Reporter reporter;
    private final ExpressionChecker expressions;
    private final Declaration.Tree tree;
    private final String sourceFile;
    private final Scope scope;

    private Integer addressBits;
    private boolean signExtended;
    private Integer offsetBits;
    private int entryBits = 64;
    private boolean entryKnown;
    private boolean bigEndian;
    private final Map<String, Model.AttributeModel> attributes = new LinkedHashMap<>();
    private final Map<String, Term> treeWith = new HashMap<>();
    private final Map<String, Term> formatWith = new HashMap<>();

    TreeChecker(Checker checker, Declaration.Tree tree, String sourceFile) {
        this.checker = checker;
        this.reporter = checker.reporter();
        this.expressions = checker.expressions();
        this.tree = tree;
        this.sourceFile = sourceFile;
        this.scope = new Scope(checker.globals());
    }

    private String treeName() {
        return tree.name().text();
    }

    Optional<Model.TreeModel> check() {
        int before = reporter.errorCount();
        for (Declaration.Param p : Checker.items(tree, Declaration.Param.class)) {
            checker.declareParam(p, scope);
        }
        addressSpace();
        entrySize();
        for (TreeItem.Root r : Checker.items(tree, TreeItem.Root.class)) {
            checker.declare(scope, r.register().text(), new Symbol.Register(r.register().text(), r.register().span()),
                    r.register().span());
        }
        List<Checker.CheckedFormat> used = formats();
        for (Member.Field f : Checker.items(tree, Member.Field.class)) {
            checker.declareField(f, scope, entryBits);
        }
        attributeDeclarations();
        for (Checker.CheckedFormat f : used) {
            formatWith(f);
        }
        for (Member.With w : Checker.items(tree, Member.With.class)) {
            assign(w.assignments(), scope, treeWith);
        }
        List<Model.Range> ranges = ranges();
        List<Model.RootModel> roots = roots();
        List<TreeItem.Level> levelDecls = Checker.items(tree, TreeItem.Level.class);
        List<Integer> bits = levelBits(levelDecls);
        missing(levelDecls);
        Optional<List<Integer>> shifts = layout(levelDecls, bits);
        List<Model.LevelModel> levels = new ArrayList<>();
        for (int i = 0; i < levelDecls.size(); i++) {
            int index = i;
            int shift = shifts.map(s -> s.get(index)).orElse(-1);
            levels.add(level(levelDecls.get(i), bits.get(i), shift, i == levelDecls.size() - 1));
        }
        if (reporter.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new Model.TreeModel(treeName(), tree.doc(), sourceFile, tree.name().span().line(),
                addressBits, signExtended, ranges, offsetBits, entryBits, bigEndian, roots,
                List.copyOf(attributes.values()), levels));
    }

    // ---- address space and entry

    private void addressSpace() {
        List<TreeItem.Address> addresses = Checker.items(tree, TreeItem.Address.class);
        duplicates(addresses.stream().map(TreeItem.Address::keyword).toList(), "address");
        if (!addresses.isEmpty()) {
            TreeItem.Address a = addresses.getFirst();
            signExtended = a.signExtended();
            expressions.constant(a.bits(), scope, "the address width").ifPresent(v -> {
                if (v < 1 || v > 64) {
                    reporter.report(DiagnosticCode.ADDRESS_WIDTH, a.bits().span(), Long.toUnsignedString(v));
                } else {
                    addressBits = v.intValue();
                }
            });
        }
        List<TreeItem.Offset> offsets = Checker.items(tree, TreeItem.Offset.class);
        duplicates(offsets.stream().map(TreeItem.Offset::keyword).toList(), "offset");
        if (!offsets.isEmpty()) {
            TreeItem.Offset o = offsets.getFirst();
            expressions.constant(o.bits(), scope, "the page offset width").ifPresent(v -> {
                if (Long.compareUnsigned(v, 63) > 0) {
                    reporter.report(DiagnosticCode.OFFSET_WIDTH, o.bits().span(), Long.toUnsignedString(v));
                } else {
                    offsetBits = v.intValue();
                }
            });
        }
    }

    private void entrySize() {
        List<TreeItem.EntrySize> entries = Checker.items(tree, TreeItem.EntrySize.class);
        duplicates(entries.stream().map(TreeItem.EntrySize::keyword).toList(), "entry");
        if (!entries.isEmpty()) {
            TreeItem.EntrySize e = entries.getFirst();
            bigEndian = e.bigEndian();
            expressions.constant(e.bits(), scope, "the entry width").ifPresent(v -> {
                if (v != 32 && v != 64) {
                    reporter.report(DiagnosticCode.ENTRY_WIDTH, e.bits().span(), Long.toUnsignedString(v));
                } else {
                    entryBits = v.intValue();
                    entryKnown = true;
                }
            });
        }
    }

    private void duplicates(List<SourceSpan> keywords, String what) {
        for (int i = 1; i < keywords.size(); i++) {
            reporter.report(DiagnosticCode.DUPLICATE_DECLARATION, keywords.get(i), what, treeName(),
                    keywords.getFirst().line());
        }
    }

    private void missing(List<TreeItem.Level> levels) {
        SourceSpan at = tree.name().span();
        if (Checker.items(tree, TreeItem.Address.class).isEmpty()) {
            reporter.report(DiagnosticCode.MISSING_DECLARATION, at, treeName(), "'address N bits;' declaration");
        }
        if (Checker.items(tree, TreeItem.Offset.class).isEmpty()) {
            reporter.report(DiagnosticCode.MISSING_DECLARATION, at, treeName(), "'offset N bits;' declaration");
        }
        if (Checker.items(tree, TreeItem.EntrySize.class).isEmpty()) {
            reporter.report(DiagnosticCode.MISSING_DECLARATION, at, treeName(), "'entry 32|64 bits;' declaration");
        }
        if (Checker.items(tree, TreeItem.Root.class).isEmpty()) {
            reporter.report(DiagnosticCode.MISSING_DECLARATION, at, treeName(), "'root' declaration");
        }
        if (levels.isEmpty()) {
            reporter.report(DiagnosticCode.MISSING_DECLARATION, at, treeName(), "level");
        }
    }

    // ---- formats, attributes, with

    private List<Checker.CheckedFormat> formats() {
        List<Checker.CheckedFormat> used = new ArrayList<>();
        Map<String, SourceSpan> seen = new HashMap<>();
        for (TreeItem.UseFormat u : Checker.items(tree, TreeItem.UseFormat.class)) {
            String name = u.format().text();
            SourceSpan earlier = seen.putIfAbsent(name, u.format().span());
            if (earlier != null) {
                reporter.report(DiagnosticCode.DUPLICATE_DECLARATION, u.format().span(), "format " + name, treeName(),
                        earlier.line());
                continue;
            }
            Optional<Checker.CheckedFormat> f = checker.format(name);
            if (f.isEmpty()) {
                if (!checker.formatDeclared(name)) {
                    reporter.report(DiagnosticCode.UNKNOWN_FORMAT, u.format().span(), name);
                }
                continue;
            }
            for (FieldDef def : f.get().fields()) {
                if (entryKnown) {
                    def.fitsEntry(entryBits, reporter);
                }
                checker.declare(scope, def.name().text(), new Symbol.Field(def.value(), def.flag(), def.name().span()),
                        u.format().span());
            }
            used.add(f.get());
        }
        return used;
    }

    private void attributeDeclarations() {
        int offset = 0;
        Map<String, SourceSpan> seen = new HashMap<>();
        for (TreeItem.AttributeDecl a : Checker.items(tree, TreeItem.AttributeDecl.class)) {
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

    private void formatWith(Checker.CheckedFormat f) {
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
    private void assign(List<Member.Assignment> assignments, Scope in, Map<String, Term> into) {
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
                    " in tree '" + treeName() + "'");
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

    private ExpressionChecker.Context entryContext(String what) {
        return new ExpressionChecker.Context(ExpressionChecker.Kind.ENTRY, what, null, entryBits);
    }

    // ---- ranges and roots

    private List<Model.Range> ranges() {
        List<Model.Range> out = new ArrayList<>();
        for (TreeItem.Range r : Checker.items(tree, TreeItem.Range.class)) {
            range(r.first(), r.last(), r.keyword(), "a range bound").ifPresent(out::add);
        }
        if (out.isEmpty() && addressBits != null) {
            out.addAll(AddressSpace.of(addressBits, signExtended).halves());
        }
        return out;
    }

    private Optional<Model.Range> range(Expression first, Expression last, SourceSpan at, String what) {
        return range(first, last, at, what, true);
    }

    /**
     * A constant range; {@code inSpace}: it must lie in the valid address space (walkable
     * ranges must; a root may claim more than is walkable, which is harmless).
     */
    private Optional<Model.Range> range(Expression first, Expression last, SourceSpan at, String what,
            boolean inSpace) {
        Optional<Long> a = expressions.constant(first, scope, what);
        Optional<Long> b = expressions.constant(last, scope, what);
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        if (Long.compareUnsigned(a.get(), b.get()) > 0) {
            reporter.report(DiagnosticCode.RANGE_REVERSED, at, hex(a.get()), hex(b.get()));
            return Optional.empty();
        }
        Model.Range range = new Model.Range(a.get(), b.get());
        if (inSpace && addressBits != null) {
            AddressSpace space = AddressSpace.of(addressBits, signExtended);
            if (!space.contains(range)) {
                reporter.report(DiagnosticCode.RANGE_OUTSIDE_ADDRESS_SPACE, at, hex(a.get()), hex(b.get()),
                        space.describe());
                return Optional.empty();
            }
        }
        return Optional.of(range);
    }

    private List<Model.RootModel> roots() {
        List<TreeItem.Root> decls = Checker.items(tree, TreeItem.Root.class);
        List<Model.RootModel> out = new ArrayList<>();
        for (TreeItem.Root r : decls) {
            String name = r.register().text();
            Model.Range covered = new Model.Range(0, -1L);
            if (r.first().isPresent()) {
                Optional<Model.Range> range = range(r.first().get(), r.last().orElseThrow(), r.forSpan(),
                        "a root's range bound", false);
                if (range.isEmpty()) {
                    continue;
                }
                covered = range.get();
                for (Model.RootModel other : out) {
                    if (Long.compareUnsigned(covered.first(), other.range().last()) <= 0
                            && Long.compareUnsigned(other.range().first(), covered.last()) <= 0) {
                        reporter.report(DiagnosticCode.ROOT_RANGES_OVERLAP, r.forSpan(), name, hex(covered.first()),
                                hex(covered.last()), other.register());
                    }
                }
            } else if (decls.size() > 1) {
                reporter.report(DiagnosticCode.ROOT_RANGE_MISSING, r.register().span(), name, decls.size());
                continue;
            }
            Term table = expressions.check(r.value(), scope,
                    new ExpressionChecker.Context(ExpressionChecker.Kind.ROOT, "a root's table address", name, entryBits),
                    Type.INT);
            out.add(new Model.RootModel(name, covered, table, r.doc(), r.register().span().line()));
        }
        return out;
    }

    // ---- levels

    private List<Integer> levelBits(List<TreeItem.Level> levels) {
        List<Integer> bits = new ArrayList<>();
        Map<String, SourceSpan> names = new HashMap<>();
        for (TreeItem.Level l : levels) {
            SourceSpan earlier = names.putIfAbsent(l.name().text(), l.name().span());
            if (earlier != null) {
                reporter.report(DiagnosticCode.DUPLICATE_NAME, l.name().span(), "level", l.name().text(),
                        Checker.where(earlier));
            }
            Optional<Long> v = expressions.constant(l.bits(), scope, "a level's bit count");
            if (v.isPresent() && (v.get() < 1 || v.get() > 30)) {
                reporter.report(DiagnosticCode.LEVEL_WIDTH, l.bits().span(), l.name().text(),
                        Long.toUnsignedString(v.get()));
                v = Optional.empty();
            }
            bits.add(v.map(Long::intValue).orElse(-1));
        }
        return bits;
    }

    /** Shifts from the top level down, when every width is known and they add up. */
    private Optional<List<Integer>> layout(List<TreeItem.Level> levels, List<Integer> bits) {
        if (addressBits == null || offsetBits == null || levels.isEmpty() || bits.contains(-1)) {
            return Optional.empty();
        }
        int sum = offsetBits;
        StringBuilder terms = new StringBuilder();
        for (int b : bits) {
            sum += b;
            terms.append(b).append(" + ");
        }
        terms.append("offset ").append(offsetBits);
        if (sum != addressBits) {
            SourceSpan at = Checker.items(tree, TreeItem.Address.class).getFirst().keyword();
            reporter.report(DiagnosticCode.LEVEL_BITS_MISMATCH, at, sum, addressBits, terms);
            return Optional.empty();
        }
        List<Integer> shifts = new ArrayList<>();
        int shift = addressBits;
        for (int b : bits) {
            shift -= b;
            shifts.add(shift);
        }
        return Optional.of(shifts);
    }

    private Model.LevelModel level(TreeItem.Level l, int bits, int shift, boolean last) {
        Scope levelScope = new Scope(scope);
        for (LevelItem item : l.items()) {
            if (item instanceof Member.Field f) {
                checker.declareField(f, levelScope, entryBits);
            }
        }
        Map<String, Term> levelWith = new HashMap<>();
        for (LevelItem item : l.items()) {
            if (item instanceof Member.With w) {
                assign(w.assignments(), levelScope, levelWith);
            }
        }
        List<Model.RuleModel> rules = new ArrayList<>();
        List<LevelItem.RuleDecl> decls = new ArrayList<>();
        boolean productive = false;
        for (LevelItem item : l.items()) {
            if (!(item instanceof LevelItem.RuleDecl r)) {
                continue;
            }
            decls.add(r);
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
                    assign(m.with(), levelScope, ruleWith);
                    rules.add(new Model.MappingRule(m.leaf(), cond, target,
                            attributeValues(ruleWith, levelWith), line));
                }
            }
        }
        if (!productive) {
            reporter.report(DiagnosticCode.LEVEL_UNPRODUCTIVE, l.name().span(), l.name().text());
        }
        new RuleAnalysis(reporter, entryBits).analyse(decls, rules, shift);
        return new Model.LevelModel(l.name().text(), bits, shift, l.doc(), rules, l.name().span().line());
    }

    /** Each attribute's value for one rule: rule, level, tree, then format {@code with}s. */
    private List<Model.AttributeValue> attributeValues(Map<String, Term> rule, Map<String, Term> level) {
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

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
