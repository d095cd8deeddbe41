package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Lowering;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.syntax.LevelItem;

/**
 * The checks over a level's rules that need more than types: rules that can never match (after
 * an unconditional rule, or with a condition implied by the earlier conditions, decided by trying
 * every assignment of the entry bits the conditions read when there are at most
 * {@value #MAX_ENUMERATED_BITS}; a warning rather than an error when a parameter decides it), leaf addresses that may be unaligned to the level's span, and
 * table addresses that may be unaligned to the entry size.
 */
final class RuleAnalysis {

    /** Most entry bits whose assignments are enumerated (2^16 evaluations per rule at worst). */
    static final int MAX_ENUMERATED_BITS = 16;
    /** Most condition evaluations spent on one rule, so that long rule lists stay fast to check. */
    static final long MAX_EVALUATIONS = 1L << 22;

    private final Reporter reporter;
    private final int entryBits;

    RuleAnalysis(Reporter reporter, int entryBits) {
        this.reporter = reporter;
        this.entryBits = entryBits;
    }

    /**
     * Analyses the rules of one level; {@code parametric}: whether each rule's condition depends
     * on a parameter; {@code shift} is -1 when the layout is unknown.
     */
    void analyse(List<LevelItem.RuleDecl> decls, List<Model.RuleModel> rules, List<Boolean> parametric, int shift) {
        for (int i = 0; i < rules.size(); i++) {
            reachability(decls, rules, parametric, i);
            if (shift >= 0 && rules.get(i) instanceof Model.MappingRule m && !m.target().poisoned()) {
                alignment((LevelItem.Mapping) decls.get(i), m, shift);
            }
        }
    }

    /**
     * Reports rule {@code i} when it can never match: an error when that holds whatever the
     * parameters, a warning when a condition that decides it depends on a parameter (a feature
     * a parameter switches off must not make the descriptor invalid).
     */
    private void reachability(List<LevelItem.RuleDecl> decls, List<Model.RuleModel> rules, List<Boolean> parametric,
            int i) {
        Term cond = rules.get(i).condition();
        if (cond.poisoned()) {
            return;
        }
        if (cond instanceof Term.Constant c && c.value() == 0) {
            unreachable(decls.get(i), "its condition is always false", parametric.get(i));
            return;
        }
        List<Term> earlier = new ArrayList<>();
        List<Boolean> earlierParametric = new ArrayList<>();
        int matchesAll = -1;
        for (int j = 0; j < i; j++) {
            Term e = rules.get(j).condition();
            if (e instanceof Term.Constant c && c.value() != 0) {
                // A rule that matches everything whatever the parameters decides; else the first one.
                if (!parametric.get(j)) {
                    matchesAll = j;
                    break;
                }
                matchesAll = matchesAll < 0 ? j : matchesAll;
            }
            if (!e.poisoned()) {
                earlier.add(e);
                earlierParametric.add(parametric.get(j));
            }
        }
        if (matchesAll >= 0) {
            unreachable(decls.get(i), "the rule at line " + rules.get(matchesAll).line() + " matches every entry",
                    parametric.get(matchesAll));
            return;
        }
        Coverage all = coverage(cond, earlier);
        if (all != Coverage.NONE) {
            // Decided by parameters unless it holds without the parameter-dependent conditions too.
            boolean byParameters = parametric.get(i);
            if (!byParameters && all == Coverage.COVERED && earlierParametric.contains(true)) {
                List<Term> fixed = new ArrayList<>();
                for (int k = 0; k < earlier.size(); k++) {
                    if (!earlierParametric.get(k)) {
                        fixed.add(earlier.get(k));
                    }
                }
                byParameters = coverage(cond, fixed) != Coverage.COVERED;
            }
            unreachable(decls.get(i), all == Coverage.COVERED ? "every entry it matches is matched by a rule above it"
                    : "its condition is always false", byParameters);
        }
    }

    /** What the enumeration proved about a rule: nothing, never true, or always preceded by a match. */
    private enum Coverage {
        NONE, FALSE, COVERED
    }

    /**
     * Tries every assignment of the entry bits {@code cond} and {@code earlier} read (when they
     * read no other input and are few enough): FALSE when {@code cond} never holds, COVERED when
     * an earlier condition holds wherever it does, NONE otherwise or when undecided.
     */
    private static Coverage coverage(Term cond, List<Term> earlier) {
        EntryBits own = new EntryBits();
        long bits = own.of(cond, -1L);
        if (own.readsOther()) {
            return Coverage.NONE;
        }
        long union = bits;
        List<Term> covering = new ArrayList<>();
        List<Long> coveringBits = new ArrayList<>();
        for (Term e : earlier) {
            EntryBits eb = new EntryBits();
            long b = eb.of(e, -1L);
            if (!eb.readsOther()) {
                covering.add(e);
                coveringBits.add(b);
                union |= b;
            }
        }
        if (Long.bitCount(union) > MAX_ENUMERATED_BITS) {
            // Ignoring an earlier rule can only hide an unreachable rule, never invent one.
            union = bits;
            List<Term> narrowed = new ArrayList<>();
            for (int k = 0; k < covering.size(); k++) {
                if ((coveringBits.get(k) & ~bits) == 0) {
                    narrowed.add(covering.get(k));
                }
            }
            covering = narrowed;
            if (Long.bitCount(union) > MAX_ENUMERATED_BITS) {
                return Coverage.NONE;
            }
        }
        int n = Long.bitCount(union);
        if ((1L << n) * (covering.size() + 1) > MAX_EVALUATIONS) {
            return Coverage.NONE;
        }
        // Evaluated as the walker will evaluate them: lowered, through the IR's one evaluator.
        Expr condition = Lowering.expr(cond);
        List<Expr> covers = covering.stream().map(Lowering::expr).toList();
        boolean matches = false;
        for (long assignment = 0; assignment < (1L << n); assignment++) {
            long entry = deposit(assignment, union);
            if (Eval.eval(condition, entry, 0, 0) == 0) {
                continue;
            }
            matches = true;
            boolean covered = false;
            for (Expr e : covers) {
                if (Eval.eval(e, entry, 0, 0) != 0) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                return Coverage.NONE;
            }
        }
        return matches ? Coverage.COVERED : Coverage.FALSE;
    }

    /** Spreads the low bits of {@code value} over the set bits of {@code mask}. */
    private static long deposit(long value, long mask) {
        long out = 0;
        long m = mask;
        for (int i = 0; m != 0; i++) {
            long low = Long.lowestOneBit(m);
            if (((value >>> i) & 1) != 0) {
                out |= low;
            }
            m &= m - 1;
        }
        return out;
    }

    private void unreachable(LevelItem.RuleDecl decl, String why, boolean byParameters) {
        reporter.report(byParameters ? DiagnosticCode.RULE_UNREACHABLE_WITH_PARAMETERS : DiagnosticCode.RULE_UNREACHABLE,
                decl.keyword(), why);
    }

    private void alignment(LevelItem.Mapping decl, Model.MappingRule rule, int shift) {
        long may = new KnownBits(entryBits).mayBeOne(rule.target());
        if (rule.leaf()) {
            long low = may & Term.mask(shift);
            if (low != 0) {
                reporter.report(DiagnosticCode.LEAF_UNALIGNED, decl.target().span(), size(shift), describe(low));
            }
        } else {
            long low = may & Term.mask(entryBits == 32 ? 2 : 3);
            if (low != 0) {
                reporter.report(DiagnosticCode.TABLE_UNALIGNED, decl.target().span(), entryBits / 8, describe(low));
            }
        }
    }

    /** "bit 3", "bits 20:12", "bits 20:12 and 3". */
    static String describe(long mask) {
        List<String> parts = new ArrayList<>();
        int count = 0;
        for (int hi = 63; hi >= 0; hi--) {
            if (((mask >>> hi) & 1) == 0) {
                continue;
            }
            int lo = hi;
            while (lo > 0 && ((mask >>> (lo - 1)) & 1) != 0) {
                lo--;
            }
            parts.add(hi == lo ? Integer.toString(hi) : hi + ":" + lo);
            count += hi - lo + 1;
            hi = lo;
        }
        String list = parts.size() == 1 ? parts.getFirst()
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.getLast();
        return (count == 1 ? "bit " : "bits ") + list;
    }

    /** A span size for people: 4 KiB, 2 MiB, 1 GiB, or bytes. */
    static String size(int shift) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int unit = shift / 10;
        if (shift < 10) {
            return (1L << shift) + (shift == 0 ? " byte" : " bytes");
        }
        return (1L << (shift - unit * 10)) + " " + units[unit];
    }
}
