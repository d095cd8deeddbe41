package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Declaration;
import org.ptdesc.compiler.syntax.Expression;
import org.ptdesc.compiler.syntax.Member;
import org.ptdesc.compiler.syntax.TreeItem;

/**
 * Checks one tree: its address space, entry size, parameters, fields, attributes, roots and
 * levels, in an order where each part only needs the parts before it. The level layout (shifts)
 * and the rule analyses ({@link RuleAnalysis}) run once the layout is known to be sound.
 */
final class TreeChecker {

    /**
     * The widest level: 2^24 entries of 8 bytes is a 128 MiB table, far beyond any real format,
     * and keeps every table's size within what both back ends index with an {@code int}.
     */
    static final int MAX_LEVEL_BITS = 24;

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
    private int tagLow;
    private AttributeValues attributes;
    /** Where each declared walkable range was written (default ranges are reported at the tree). */
    private final Map<Model.Range, SourceSpan> rangeSpans = new HashMap<>();

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
        tag();
        entrySize();
        for (TreeItem.Root r : Checker.items(tree, TreeItem.Root.class)) {
            checker.declare(scope, r.register().text(), new Symbol.Register(r.register().text(), r.register().span()),
                    r.register().span());
        }
        List<Checker.CheckedFormat> used = formats();
        for (Member.Field f : Checker.items(tree, Member.Field.class)) {
            checker.declareField(f, scope, entryBits);
        }
        attributes = new AttributeValues(reporter, expressions, treeName(), entryBits);
        attributes.declare(Checker.items(tree, TreeItem.AttributeDecl.class), scope);
        for (Checker.CheckedFormat f : used) {
            attributes.formatWith(f);
        }
        for (Member.With w : Checker.items(tree, Member.With.class)) {
            attributes.treeWith(w.assignments(), scope);
        }
        List<Model.Range> ranges = ranges();
        List<Model.RootModel> roots = roots();
        uncovered(ranges, roots);
        List<TreeItem.Level> levelDecls = Checker.items(tree, TreeItem.Level.class);
        List<Integer> bits = levelBits(levelDecls);
        missing(levelDecls);
        Optional<List<Integer>> shifts = layout(levelDecls, bits);
        List<Model.LevelModel> levels = new ArrayList<>();
        LevelChecker levelChecker = new LevelChecker(checker, attributes, scope, entryBits);
        for (int i = 0; i < levelDecls.size(); i++) {
            int index = i;
            int shift = shifts.map(s -> s.get(index)).orElse(-1);
            levels.add(levelChecker.check(levelDecls.get(i), bits.get(i), shift, i == levelDecls.size() - 1));
        }
        PermissionChecker.Result access = new PermissionChecker(checker, tree, scope, entryBits).check(attributes.models());
        Model.CombinationModel combination = new CombinationChecker(checker, tree, scope, entryBits)
                .check(attributes.models());
        if (reporter.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new Model.TreeModel(treeName(), tree.doc(), sourceFile, tree.name().span().line(),
                addressBits, signExtended, ranges, offsetBits, entryBits, bigEndian, roots,
                attributes.models(), levels, tagLow, access.modes(), access.permissions(), combination));
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

    /**
     * {@code tag 63:LO;}: bits 63..LO must lie above the translated bits (LO >= the address
     * width), or the tag would change the indexes; at most one per tree.
     */
    private void tag() {
        List<TreeItem.Tag> tags = Checker.items(tree, TreeItem.Tag.class);
        duplicates(tags.stream().map(TreeItem.Tag::keyword).toList(), "tag");
        if (tags.isEmpty()) {
            return;
        }
        TreeItem.Tag t = tags.getFirst();
        Optional<Long> hi = expressions.constant(t.hi(), scope, "the tag's high bit");
        Optional<Long> lo = expressions.constant(t.lo(), scope, "the tag's low bit");
        boolean ok = hi.isPresent() && lo.isPresent();
        if (hi.isPresent() && hi.get() != 63) {
            reporter.report(DiagnosticCode.TAG_HIGH_BIT, t.hi().span(), Long.toUnsignedString(hi.get()));
            ok = false;
        }
        if (lo.isPresent()) {
            long least = addressBits == null ? 1 : Math.max(1, addressBits);
            if (Long.compareUnsigned(lo.get(), least) < 0 || Long.compareUnsigned(lo.get(), 63) > 0) {
                String wanted = addressBits == null ? "in 1..63"
                        : addressBits == 64 ? "at least 64 (a 64-bit address has no bits left for a tag)"
                        : "in " + least + "..63 (above the " + addressBits + "-bit address)";
                reporter.report(DiagnosticCode.TAG_LOW_BIT, t.lo().span(), wanted, Long.toUnsignedString(lo.get()));
                ok = false;
            }
        }
        if (ok) {
            tagLow = lo.get().intValue();
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

    // ---- formats

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
                checker.declare(scope, def.name().text(), new Symbol.Field(def.value(), def.flag(), def.parametric(),
                        def.name().span()),
                        u.format().span());
            }
            for (Member.Field bad : f.get().failed()) {
                checker.declare(scope, bad.name().text(), new Symbol.Field(new Term.Poison(bad.flag() ? Type.BOOL : Type.INT),
                        bad.flag(), false, bad.name().span()), u.format().span());
            }
            used.add(f.get());
        }
        return used;
    }

    // ---- ranges and roots

    private List<Model.Range> ranges() {
        List<Model.Range> out = new ArrayList<>();
        for (TreeItem.Range r : Checker.items(tree, TreeItem.Range.class)) {
            range(r.first(), r.last(), r.keyword(), "a range bound").ifPresent(range -> {
                out.add(range);
                rangeSpans.putIfAbsent(range, r.keyword());
            });
        }
        if (out.isEmpty() && addressBits != null) {
            out.addAll(AddressSpace.of(addressBits, signExtended).defaultRanges());
        }
        return out;
    }

    /**
     * A constant range inside the valid address space (walkable ranges and roots' ranges alike:
     * a root range across two windows would index both through one top table).
     */
    private Optional<Model.Range> range(Expression first, Expression last, SourceSpan at, String what) {
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
        if (addressBits != null) {
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
                        "a root's range bound");
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

    /** Warns about walkable addresses no root translates: they would always be out of range. */
    private void uncovered(List<Model.Range> ranges, List<Model.RootModel> roots) {
        if (roots.isEmpty() || roots.size() != Checker.items(tree, TreeItem.Root.class).size()) {
            return;
        }
        for (Model.Range r : ranges) {
            long next = r.first();
            boolean done = false;
            while (!done) {
                Model.RootModel covering = null;
                for (Model.RootModel root : roots) {
                    if (Long.compareUnsigned(root.range().first(), next) <= 0
                            && Long.compareUnsigned(next, root.range().last()) <= 0) {
                        covering = root;
                    }
                }
                if (covering == null) {
                    long end = r.last();
                    for (Model.RootModel root : roots) {
                        if (Long.compareUnsigned(root.range().first(), next) > 0
                                && Long.compareUnsigned(root.range().first(), end) <= 0) {
                            end = root.range().first() - 1;
                        }
                    }
                    reporter.report(DiagnosticCode.RANGE_WITHOUT_ROOT, rangeSpans.getOrDefault(r, tree.name().span()), hex(next),
                            hex(end));
                    return;
                }
                long last = covering.range().last();
                done = Long.compareUnsigned(last, r.last()) >= 0;
                next = last + 1;
            }
        }
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
            if (v.isPresent() && (v.get() < 1 || v.get() > MAX_LEVEL_BITS)) {
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

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
