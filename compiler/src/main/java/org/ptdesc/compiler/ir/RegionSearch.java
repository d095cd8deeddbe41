package org.ptdesc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Finds a fast accept for a rule of a level: an {@link EntryRegion} every entry of which selects
 * that rule (every earlier condition is zero, the rule's own is non-zero), so that a walker may
 * test the region alone and skip the conditions. Each region is proven by abstract evaluation
 * ({@link RegionFacts}) over all its entries at once, never by sampling.
 *
 * <p>The search starts from small concrete entries that select the rule (at most two bits set:
 * a present bit and a kind bit, as a typical entry has; the address bits are free anyway),
 * checked with {@link Eval}, and widens each into a region twice: freeing, bit by bit from bit 0
 * up, every entry bit whose value the proof does not need (a byte at once where it can), once over the whole word and once
 * within the interval between the constants that the conditions compare the whole entry with
 * (radix64's {@code entry <= NODE_MIN} and {@code entry >= ERROR_MIN}), that interval then grown
 * over its neighbours as far as the proof allows. The region that covers
 * the most entries wins; on a tie, the one with no interval (one test instead of two), then the
 * one found first.
 */
public final class RegionSearch {

    /** Starting entries widened at most, so that a level with many kinds of entry stays cheap to compile. */
    private static final int MAX_WIDENED = 16;

    private RegionSearch() {}

    /**
     * A region of entries of {@code entryBits} bits that all select rule {@code index} of
     * {@code level}, or empty when no small entry selects it or no region could be proven.
     */
    public static Optional<EntryRegion> find(Level level, int index, int entryBits) {
        List<Expr> conditions = new ArrayList<>();
        for (int k = 0; k <= index; k++) {
            conditions.add(Simplifier.simplify(level.rules().get(k).condition()));
        }
        long[] cuts = cuts(conditions);
        EntryRegion best = null;
        double bestSize = Double.NEGATIVE_INFINITY;
        int widened = 0;
        for (long start : starts(entryBits)) {
            if (widened == MAX_WIDENED) {
                break;
            }
            if ((best != null && best.contains(start)) || !selects(conditions, start)) {
                continue;
            }
            widened++;
            EntryRegion region = widen(conditions, start, cuts, entryBits);
            if (region == null) {
                continue;
            }
            double size = size(region, entryBits);
            if (best == null || size > bestSize || (size == bestSize && best.hasInterval() && !region.hasInterval())) {
                best = region;
                bestSize = size;
            }
        }
        return Optional.ofNullable(best);
    }

    /** True when every entry of {@code region} selects the last of {@code conditions} (proven). */
    public static boolean proves(List<Expr> conditions, EntryRegion region, int entryBits) {
        RegionFacts entry = RegionFacts.entry(region, entryBits);
        for (int k = 0; k < conditions.size(); k++) {
            RegionFacts f = RegionFacts.of(conditions.get(k), entry);
            boolean last = k == conditions.size() - 1;
            if (last ? !f.alwaysTrue() : !f.alwaysFalse()) {
                return false;
            }
        }
        return true;
    }

    /** True when the concrete {@code entry} selects the last of {@code conditions} (the address does not matter). */
    private static boolean selects(List<Expr> conditions, long entry) {
        for (int k = 0; k < conditions.size(); k++) {
            boolean last = k == conditions.size() - 1;
            if ((Eval.eval(conditions.get(k), entry, 0, 0) != 0) != last) {
                return false;
            }
        }
        return true;
    }

    /** The larger (or the only, or null for none) of the region widened with no interval and the one widened in the interval between the cuts around {@code start}. */
    private static EntryRegion widen(List<Expr> conditions, long start, long[] cuts, int entryBits) {
        long entryMask = entryBits >= 64 ? -1L : (1L << entryBits) - 1;
        int at = slot(cuts, start);
        long cutHigh = at + 1 < cuts.length ? cuts[at + 1] - 1 : entryMask;
        EntryRegion cube = widen(conditions, start, 0, entryMask, entryBits);
        if (cuts.length == 1) {
            return cube; // no comparison of the whole entry: the interval is the whole word
        }
        EntryRegion between = widen(conditions, start, cuts[at], cutHigh, entryBits);
        if (between != null) {
            between = extend(conditions, between, cuts, entryBits);
        }
        if (cube == null || between == null) {
            return cube == null ? between : cube;
        }
        return size(between, entryBits) > size(cube, entryBits) ? between : cube;
    }

    /** Null when {@code start} itself is not proven (its rule depends on the address); else frees every entry bit, from bit 0 up, whose value the proof does not need, then the interval if it can. */
    private static EntryRegion widen(List<Expr> conditions, long start, long low, long high, int entryBits) {
        long entryMask = entryBits >= 64 ? -1L : (1L << entryBits) - 1;
        long mask = entryMask;
        long value = start;
        if (!proves(conditions, new EntryRegion(mask, value, low, high), entryBits)) {
            return null; // even this one entry depends on the address
        }
        // A byte at a time first (most entry bits are address bits no condition reads), then its bits.
        for (int chunk = 0; chunk < entryBits; chunk += 8) {
            long bits = 0xffL << chunk;
            long m = mask & ~bits;
            if (proves(conditions, new EntryRegion(m, value & m, low, high), entryBits)) {
                mask = m;
                value &= m;
                continue;
            }
            for (int bit = chunk; bit < chunk + 8; bit++) {
                m = mask & ~(1L << bit);
                if (proves(conditions, new EntryRegion(m, value & m, low, high), entryBits)) {
                    mask = m;
                    value &= m;
                }
            }
        }
        if ((low != 0 || high != entryMask) && proves(conditions, EntryRegion.cube(mask, value), entryBits)) {
            low = 0;
            high = entryMask;
        }
        // Bits above a narrow entry are zero in every entry: the test need not look at them.
        return high == entryMask && low == 0 ? EntryRegion.cube(mask, value) : new EntryRegion(mask, value, low, high);
    }

    /** The region with its interval grown over neighbouring cuts, down and up, as far as the proof holds. */
    private static EntryRegion extend(List<Expr> conditions, EntryRegion region, long[] cuts, int entryBits) {
        long entryMask = entryBits >= 64 ? -1L : (1L << entryBits) - 1;
        long low = region.low();
        long high = region.high();
        for (int i = cuts.length - 1; i >= 0; i--) {
            if (Long.compareUnsigned(cuts[i], low) < 0
                    && proves(conditions, new EntryRegion(region.mask(), region.value(), cuts[i], high), entryBits)) {
                low = cuts[i];
            }
        }
        for (int i = 0; i < cuts.length; i++) {
            long end = i + 1 < cuts.length ? cuts[i + 1] - 1 : entryMask;
            if (Long.compareUnsigned(end, high) > 0
                    && proves(conditions, new EntryRegion(region.mask(), region.value(), low, end), entryBits)) {
                high = end;
            }
        }
        return low == 0 && high == entryMask ? EntryRegion.cube(region.mask(), region.value())
                : new EntryRegion(region.mask(), region.value(), low, high);
    }

    /** The starting entries: 0, each bit alone, each pair of bits, in increasing order. */
    private static List<Long> starts(int entryBits) {
        TreeSet<Long> out = new TreeSet<>(Long::compareUnsigned);
        out.add(0L);
        for (int i = 0; i < entryBits; i++) {
            for (int j = i; j < entryBits; j++) {
                out.add((1L << i) | (1L << j));
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The starts of the intervals on which every comparison of the whole entry with a constant
     * has one value: each constant {@code c} compared with the entry cuts before {@code c} and
     * before {@code c + 1}. Sorted unsigned, beginning with 0.
     */
    static long[] cuts(List<Expr> conditions) {
        TreeSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        cuts.add(0L);
        for (Expr c : conditions) {
            collectCuts(c, cuts);
        }
        return cuts.stream().mapToLong(Long::longValue).toArray();
    }

    private static void collectCuts(Expr e, TreeSet<Long> cuts) {
        switch (e) {
            case Expr.Binary b -> {
                Long constant = b.left() instanceof Expr.Entry && b.right() instanceof Expr.Const c ? c.value()
                        : b.right() instanceof Expr.Entry && b.left() instanceof Expr.Const c ? c.value() : null;
                if (constant != null && comparison(b.op())) {
                    cuts.add(constant);
                    if (constant != -1L) {
                        cuts.add(constant + 1);
                    }
                }
                collectCuts(b.left(), cuts);
                collectCuts(b.right(), cuts);
            }
            case Expr.Unary u -> collectCuts(u.operand(), cuts);
            case Expr.Conditional c -> {
                collectCuts(c.condition(), cuts);
                collectCuts(c.then(), cuts);
                collectCuts(c.otherwise(), cuts);
            }
            default -> { }
        }
    }

    private static boolean comparison(Expr.BinaryOp op) {
        return switch (op) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    /** The index of the last cut at or below {@code entry}. */
    private static int slot(long[] cuts, long entry) {
        int at = 0;
        for (int i = 0; i < cuts.length; i++) {
            if (Long.compareUnsigned(cuts[i], entry) <= 0) {
                at = i;
            }
        }
        return at;
    }

    /** log2 of the number of entries in the region, counting free bits and the interval's share. */
    private static double size(EntryRegion region, int entryBits) {
        long entryMask = entryBits >= 64 ? -1L : (1L << entryBits) - 1;
        double free = Long.bitCount(~region.mask() & entryMask);
        if (!region.hasInterval()) {
            return free;
        }
        double width = unsignedDouble(region.high() - region.low()) + 1;
        return free + Math.log(width) / Math.log(2) - entryBits;
    }

    private static double unsignedDouble(long v) {
        return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
    }
}
