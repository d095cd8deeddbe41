package org.ptdesc.compiler.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.ir.AddressReads;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceSpan;

/**
 * Derives a tree's encodings from its decoding rules: the stage {@code WalkerIr -> MapperIr}.
 * For each level it takes the first table rule and the first leaf rule it can encode:
 * <ul>
 * <li>address bits: the rule's address expression must copy entry bits ({@code frame << 12},
 *     PSE-36's split field), found by {@link LinearProbe} and inverted;</li>
 * <li>attribute bits: a leaf's {@code with} values must copy entry bits, possibly inverted
 *     ({@code !APTable[0]}); a table entry gets the permissive value, the one whose update leaves
 *     the accumulated word unchanged, so that the leaf alone decides its accumulated word;</li>
 * <li>{@code sets} bits: what the description states for bits decoding leaves open;</li>
 * <li>selector bits (P, PS, the descriptor type, V): the bits the conditions read that nothing
 *     above decides, set by a search (fewest bits first) that makes this rule the one that
 *     matches;</li>
 * </ul>
 * then {@link RoundTrip} proves {@code decode(encode(x)) = x}. Located diagnostics say why a
 * rule cannot be encoded, when a {@code sets} clause is ambiguous, or when an encoding does not
 * decode back to itself.
 */
public final class EncodingDerivation {

    /** Selector searches stop after this many set bits. */
    private static final int MAX_SELECTOR_BITS = 3;

    /** Selector searches try at most this many candidates (hostile descriptors stay fast). */
    private static final int MAX_CANDIDATES = 4096;

    private final WalkerIr tree;
    private final Diagnostics diagnostics;
    private final SourceFile source;
    private final long entryMask;
    private final long attributeMask;

    private EncodingDerivation(WalkerIr tree, Diagnostics diagnostics, SourceFile source) {
        this.tree = tree;
        this.diagnostics = diagnostics;
        this.source = source;
        this.entryMask = tree.entryBytes() == 8 ? -1L : 0xffff_ffffL;
        long m = 0;
        for (Attribute a : tree.attributes()) {
            m |= a.mask();
        }
        this.attributeMask = m;
    }

    /**
     * The tree's mapper IR, or empty when the tree cannot be built (a warning or error in
     * {@code diagnostics} says why).
     */
    public static Optional<MapperIr> derive(WalkerIr tree, Diagnostics diagnostics) {
        return new EncodingDerivation(tree, diagnostics, null).derive();
    }

    /**
     * As {@link #derive(WalkerIr, Diagnostics)}, locating diagnostics in {@code source} (the file
     * that declares the tree) with its name and an excerpt of the line.
     */
    public static Optional<MapperIr> derive(WalkerIr tree, Diagnostics diagnostics, SourceFile source) {
        return new EncodingDerivation(tree, diagnostics, source).derive();
    }

    /** True when some rule of {@code tree} has a {@code sets} clause: the description means to be built. */
    public static boolean statesEncodings(WalkerIr tree) {
        for (Level l : tree.levels()) {
            for (Rule r : l.rules()) {
                if (r instanceof Rule.Table t && !t.sets().isEmpty() || r instanceof Rule.Leaf f && !f.sets().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private Optional<MapperIr> derive() {
        List<Level> levels = tree.levels();
        int n = levels.size();
        MapperIr.RuleEncoding[] tables = new MapperIr.RuleEncoding[n];
        MapperIr.RuleEncoding[] leaves = new MapperIr.RuleEncoding[n];
        List<String> problems = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            Level level = levels.get(l);
            int m = EntryDecoder.match(level, 0);
            if (m < 0 || !(level.rules().get(m) instanceof Rule.Invalid)) {
                problems.add("an all-zero entry of level " + level.name() + " is not invalid, so a new table is not empty");
            }
            for (int k = 0; k < level.rules().size(); k++) {
                Rule r = level.rules().get(k);
                if (r.condition() instanceof Expr.Const c && c.value() == 0) {
                    continue; // switched off by a parameter (x86_32 with PSE = 0): nothing to encode
                }
                if (r instanceof Rule.Table t && tables[l] == null) {
                    tables[l] = encode(l, k, t.address(), t.attributes(), t.sets(), false).orElse(null);
                } else if (r instanceof Rule.Leaf f && leaves[l] == null) {
                    leaves[l] = encode(l, k, f.address(), f.attributes(), f.sets(), true).orElse(null);
                }
            }
        }
        int deepestLeaf = -1;
        for (int l = 0; l < n; l++) {
            if (leaves[l] != null) {
                deepestLeaf = l;
            }
        }
        if (deepestLeaf < 0) {
            problems.add("no level has a leaf it can encode");
        }
        for (int l = 0; l < deepestLeaf; l++) {
            if (tables[l] == null) {
                problems.add("level " + levels.get(l).name() + " has no table entry it can encode");
                break;
            }
        }
        List<MapperIr.RootEncoding> roots = new ArrayList<>();
        long topBytes = (long) levels.getFirst().entries() * tree.entryBytes();
        for (Root r : tree.roots()) {
            LinearProbe.Result p = LinearProbe.probe(reg -> Eval.eval(r.table(), 0, r.first(), reg), -1L);
            if (!p.ok() || p.zero() != 0 || p.copies().pieces().isEmpty()) {
                problems.add("root " + r.register() + ": the table address is not a copy of register bits"
                        + (p.ok() ? "" : " (" + p.problem() + ")"));
                continue;
            }
            BitCopies register = p.copies().inverse();
            roots.add(new MapperIr.RootEncoding(register, topBytes, alignment(register)));
        }
        if (!problems.isEmpty()) {
            diagnostics.report(DiagnosticCode.TREE_NOT_BUILDABLE, source, at(tree.line()), tree.name(),
                    String.join("; ", problems));
            return Optional.empty();
        }
        List<MapperIr.LevelEncoding> out = new ArrayList<>();
        for (int l = 0; l < n; l++) {
            long bytes = (long) levels.get(l).entries() * tree.entryBytes();
            long align = l == 0 ? roots.getFirst().tableAlignment()
                    : tables[l - 1] == null ? bytes : alignment(tables[l - 1].address());
            // The invalid entry is all zeros: new tables are zeroed, so zero must read as invalid (checked above).
            out.add(new MapperIr.LevelEncoding(0, tables[l], leaves[l], bytes, Math.max(align, tree.entryBytes())));
        }
        return Optional.of(new MapperIr(tree, out, roots));
    }

    /** Lowest address bit a pointer can hold: tables must be aligned to it. */
    private static long alignment(BitCopies addressToEntry) {
        long m = addressToEntry.sourceMask();
        return m == 0 ? 1 : Long.lowestOneBit(m);
    }

    private Optional<MapperIr.RuleEncoding> encode(int l, int k, Expr address, AttributeUpdate update,
            List<Rule.EntrySetting> sets, boolean leaf) {
        Level level = tree.levels().get(l);
        Rule rule = level.rules().get(k);
        String kind = leaf ? "leaf" : "table";
        // A mapper classifies and decodes the entries it meets without an address, so nothing in
        // the level may read one (else it could see an entry differently from the walker).
        for (Rule r : level.rules()) {
            if (readsVa(r)) {
                return underivable(rule, kind, r == rule ? "it reads the address 'va'"
                        : "a rule of its level (line " + r.line() + ") reads the address 'va'");
            }
        }
        LinearProbe.Result a = LinearProbe.probe(e -> Eval.eval(address, e, 0, 0),
                DemandedBits.entryBits(address, -1L) & entryMask);
        if (!a.ok() || a.zero() != 0) {
            return underivable(rule, kind, "its address is not a copy of entry bits"
                    + (a.ok() ? " (an all-zero entry gives 0x" + Long.toHexString(a.zero()) + ")" : ": " + a.problem()));
        }
        BitCopies addressCopies = a.copies().inverse();
        long addressBits = addressCopies.targetMask();
        long attributeInputs = (DemandedBits.entryBits(update.keep(), attributeMask)
                | DemandedBits.entryBits(update.put(), attributeMask)) & entryMask;
        if ((attributeInputs & addressBits) != 0) {
            return underivable(rule, kind, "entry bits 0x" + Long.toHexString(attributeInputs & addressBits)
                    + " are both address and attribute bits");
        }
        long base = 0;
        BitCopies attributeCopies = BitCopies.NONE;
        long zeroWord = tree.attributeInit();
        if (leaf) {
            LinearProbe.Result w = LinearProbe.probe(e -> update.apply(tree.attributeInit(), e, 0), attributeInputs);
            if (!w.ok()) {
                return underivable(rule, kind, "its attribute values are not copies of entry bits: " + w.problem());
            }
            attributeCopies = w.copies().inverse();
            zeroWord = w.zero();
        } else {
            long permissive = permissive(update, attributeInputs);
            if (permissive < 0) {
                return underivable(rule, kind, "no value of its attribute bits leaves the accumulated attributes unchanged");
            }
            base = permissive;
        }
        long setMask = 0;
        long setBits = 0;
        boolean setsOk = true;
        for (Rule.EntrySetting s : sets) {
            LinearProbe.Result f = LinearProbe.probe(e -> Eval.eval(s.field(), e, 0, 0),
                    DemandedBits.entryBits(s.field(), -1L) & entryMask);
            BitCopies into = f.copies().inverse();
            long bits = into.targetMask();
            SourceSpan span = new SourceSpan(fileName(), s.line(), s.column(), s.name().length());
            if (!f.ok() || (s.value() & ~into.sourceMask()) != 0) {
                diagnostics.report(DiagnosticCode.SETS_TOO_WIDE, source, span, s.name(), s.value());
                setsOk = false;
            } else if ((bits & addressBits) != 0) {
                diagnostics.report(DiagnosticCode.SETS_DECIDED, source, span, s.name(), bits & addressBits, "the rule's address");
                setsOk = false;
            } else if ((bits & attributeInputs) != 0) {
                diagnostics.report(DiagnosticCode.SETS_DECIDED, source, span, s.name(), bits & attributeInputs,
                        "the attribute values (give them with 'with')");
                setsOk = false;
            } else if ((bits & setMask) != 0) {
                diagnostics.report(DiagnosticCode.SETS_DECIDED, source, span, s.name(), bits & setMask,
                        "another item of this 'sets' clause");
                setsOk = false;
            }
            setMask |= bits;
            setBits |= into.apply(s.value());
        }
        if (!setsOk) {
            return Optional.empty();
        }
        base |= setBits;
        long conditionBits = 0;
        for (int j = 0; j <= k; j++) {
            conditionBits |= DemandedBits.entryBits(level.rules().get(j).condition(), -1L);
        }
        long selectors = conditionBits & entryMask & ~addressBits & ~attributeInputs & ~setMask;
        Candidate best = new Candidate(base, attributeCopies, addressCopies, zeroWord, k, level, leaf);
        long chosen = best.search(selectors);
        if (chosen < 0) {
            if (!sets.isEmpty()) {
                Rule.EntrySetting s = sets.getFirst();
                diagnostics.report(DiagnosticCode.ENCODING_NOT_ROUND_TRIP, source,
                        new SourceSpan(fileName(), s.line(), s.column(), s.name().length()), kind,
                        "with these 'sets' no entry matches this rule");
                return Optional.empty();
            }
            return underivable(rule, kind, "no setting of the bits its conditions read (0x"
                    + Long.toHexString(selectors) + ") makes it the rule that matches");
        }
        MapperIr.RuleEncoding encoding = new MapperIr.RuleEncoding(k, base | chosen, addressCopies, attributeCopies,
                zeroWord);
        String problem = RoundTrip.prove(tree, l, encoding);
        if (!problem.isEmpty()) {
            diagnostics.report(DiagnosticCode.ENCODING_NOT_ROUND_TRIP, source, at(rule.line()), kind, problem);
            return Optional.empty();
        }
        return Optional.of(encoding);
    }

    private static boolean readsVa(Rule r) {
        return AddressReads.of(r);
    }

    /** The attribute bits of a table entry whose update changes nothing, fewest bits set; -1 when none does. */
    private static long permissive(AttributeUpdate update, long inputs) {
        int n = Long.bitCount(inputs);
        if (n > 16) {
            return -1;
        }
        long found = -1;
        for (long sub = 0; sub < (1L << n); sub++) {
            long x = Long.expand(sub, inputs);
            if (Eval.eval(update.keep(), x, 0, 0) == -1L && Eval.eval(update.put(), x, 0, 0) == 0
                    && (found < 0 || Long.bitCount(x) < Long.bitCount(found))) {
                found = x;
            }
        }
        return found;
    }

    private Optional<MapperIr.RuleEncoding> underivable(Rule rule, String kind, String why) {
        diagnostics.report(DiagnosticCode.ENCODING_UNDERIVABLE, source, at(rule.line()), kind, why);
        return Optional.empty();
    }

    /** The first non-blank column of {@code line}: rules carry their line only. */
    private SourceSpan at(int line) {
        int column = 1;
        if (source != null && line >= 1 && line <= source.lineCount()) {
            String text = source.lineText(line);
            while (column <= text.length() && Character.isWhitespace(text.charAt(column - 1))) {
                column++;
            }
        }
        return new SourceSpan(fileName(), line, column, 1);
    }

    private String fileName() {
        return source == null ? tree.sourceFile() : source.name();
    }

    /** The search for selector bits: the fewest set bits that make the rule match for most attribute words. */
    private record Candidate(long base, BitCopies attributes, BitCopies address, long zeroWord, int rule, Level level,
            boolean leaf) {

        long search(long selectors) {
            int n = Long.bitCount(selectors);
            if (n > 62) {
                return score(0) > 0 ? 0 : -1;
            }
            int budget = MAX_CANDIDATES;
            for (int bits = 0; bits <= Math.min(n, MAX_SELECTOR_BITS); bits++) {
                long best = -1;
                int bestScore = 0;
                for (long sub = first(bits); sub < (1L << n) && budget-- > 0; sub = next(sub)) {
                    long b = Long.expand(sub, selectors);
                    int score = score(b);
                    if (score > bestScore) {
                        bestScore = score;
                        best = b;
                    }
                    if (bits == 0) {
                        break;
                    }
                }
                if (best >= 0) {
                    return best;
                }
            }
            return -1;
        }

        private int score(long selector) {
            MapperIr.RuleEncoding e = new MapperIr.RuleEncoding(rule, base | selector, address, attributes, zeroWord);
            if (!leaf) {
                // A table entry may match for some addresses only (a software tree whose low
                // addresses are special values); the mapper checks each table it writes.
                int score = 0;
                for (long pa : RoundTrip.addresses(address, 0)) {
                    score += EntryDecoder.match(level, e.encode(pa, zeroWord)) == rule ? 1 : 0;
                }
                return score;
            }
            long highPa = address.sourceMask();
            int score = 0;
            for (long word : RoundTrip.words(attributes, zeroWord, 8, 256)) {
                if (EntryDecoder.match(level, e.encode(0, word)) == rule
                        && EntryDecoder.match(level, e.encode(highPa, word)) == rule) {
                    score++;
                }
            }
            return score;
        }

        private static long first(int bits) {
            return bits == 0 ? 0 : (1L << bits) - 1;
        }

        /** The next larger number with as many set bits (Gosper's hack). */
        private static long next(long x) {
            if (x == 0) {
                return Long.MAX_VALUE;
            }
            long c = x & -x;
            long r = x + c;
            return (((r ^ x) >>> 2) / c) | r;
        }
    }
}
