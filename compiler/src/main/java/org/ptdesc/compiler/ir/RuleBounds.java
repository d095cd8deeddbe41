package org.ptdesc.compiler.ir;

import java.util.ArrayList;
import java.util.List;

/**
 * Unsigned upper bounds of expressions, proven by abstract evaluation ({@link RegionFacts}) and,
 * for a rule's own expressions, only over the entries that select the rule: every earlier
 * condition zero, its own non-zero. The entries are split into the intervals on which each
 * comparison of the whole entry with a constant has one value ({@link RegionSearch#cuts}); an
 * interval where an earlier condition is always true or the rule's own always false selects
 * nothing and adds nothing to the bound. So radix64's {@code table -> entry & ~7}, which comes
 * after {@code fault when entry >= ERROR_MIN}, is bounded by {@code ERROR_MIN - 1}, not by
 * {@code 2^64 - 8}. The code generator uses it to prove that a table's entries cannot wrap past
 * 2^64. Sound but not complete: an expression or condition that reads the address or a register
 * is unknown there, which only loosens the bound.
 */
public final class RuleBounds {

    private RuleBounds() {}

    /** An unsigned upper bound of {@code e} over every entry of {@code entryBits} bits, address and register. */
    public static long max(Expr e, int entryBits) {
        return RegionFacts.of(Simplifier.simplify(e), RegionFacts.entry(EntryRegion.cube(0, 0), entryBits)).max();
    }

    /**
     * An unsigned upper bound of {@code e} over the entries of {@code entryBits} bits that select
     * rule {@code index} of {@code level} (0 when none can), and over every address and register.
     */
    public static long max(Level level, int index, Expr e, int entryBits) {
        List<Expr> conditions = new ArrayList<>();
        for (int k = 0; k <= index; k++) {
            conditions.add(Simplifier.simplify(level.rules().get(k).condition()));
        }
        Expr value = Simplifier.simplify(e);
        long entryMask = entryBits >= 64 ? -1L : (1L << entryBits) - 1;
        long[] cuts = RegionSearch.cuts(conditions);
        long bound = 0;
        for (int i = 0; i < cuts.length && Long.compareUnsigned(cuts[i], entryMask) <= 0; i++) {
            long high = i + 1 < cuts.length ? cuts[i + 1] - 1 : -1L;
            // A constant wider than the entry cuts above every entry: the last interval ends at the widest entry.
            high = Long.compareUnsigned(high, entryMask) <= 0 ? high : entryMask;
            RegionFacts entry = RegionFacts.entry(new EntryRegion(0, 0, cuts[i], high), entryBits);
            if (selectable(conditions, entry)) {
                long max = RegionFacts.of(value, entry).max();
                bound = Long.compareUnsigned(max, bound) > 0 ? max : bound;
            }
        }
        return bound;
    }

    /** False when no entry of {@code entry}'s interval can select the last of {@code conditions}. */
    private static boolean selectable(List<Expr> conditions, RegionFacts entry) {
        for (int k = 0; k < conditions.size() - 1; k++) {
            if (RegionFacts.of(conditions.get(k), entry).alwaysTrue()) {
                return false;
            }
        }
        return !RegionFacts.of(conditions.getLast(), entry).alwaysFalse();
    }
}
