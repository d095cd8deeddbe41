package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a walk's range into pieces that can be walked apart and give, one after the other,
 * exactly the leaves, holes and faults of the whole walk. Pieces start only where a populated
 * table of some level {@code d} begins: every entry above it on the way there is a table, so no
 * leaf, hole or fault of the whole walk straddles a cut, and no table that the whole walk
 * found unreadable is split. The level is the deepest whose tables are numerous enough
 * (counted by one walk that skips the last level's tables, so it reads only the levels above):
 * the pieces then hold about equal numbers of the tables nearest the leaves, so their share
 * of the work follows what is populated, not how much address space they cover.
 */
final class RangeSplit {

    private RangeSplit() {}

    /** Pieces {@code {first, last}} of {@code first..last}, in address order, about {@code wanted} of them. */
    static List<long[]> of(TreeWalker walker, PhysicalMemory mem, long[] roots, long first, long last, int wanted) {
        List<TreeInfo.LevelInfo> levels = walker.info().levels();
        int depth = 0;
        long count = 0;
        if (wanted > 1 && levels.size() > 1) {
            // One walk counts the tables of every level, without reading the last level's.
            Tables all = new Tables(levels.size() - 1, 0, 0, new long[levels.size()]).walk(walker, mem, roots, first, last);
            if (all.budget < 0) {
                // Too many tables to count (a table that points to itself): count below the top one only.
                all = new Tables(1, 0, 0, new long[levels.size()]).walk(walker, mem, roots, first, last);
            }
            // The deepest level with enough tables: upper tables are often empty (a kernel
            // preallocates them), so only the tables nearest the leaves say where the work is.
            for (int d = levels.size() - 1; d >= 1 && all.budget >= 0; d--) {
                if (all.perLevel[d] > count) {
                    depth = d;
                    count = all.perLevel[d];
                }
                if (all.perLevel[d] >= wanted) {
                    depth = d;
                    count = all.perLevel[d];
                    break;
                }
            }
        }
        List<long[]> pieces = new ArrayList<>();
        if (count <= 1) {
            pieces.add(new long[] {first, last});
            return pieces;
        }
        // Where the levels above read the address, cut only where their entries begin.
        long unaligned = 0;
        for (int l = 0; l < depth; l++) {
            if (walker.rulesReadAddress(l)) {
                unaligned |= levels.get(l).entrySpan() - 1;
            }
        }
        Tables cuts = new Tables(depth, Math.max(1, (count + wanted - 1) / wanted), unaligned, null).walk(walker, mem, roots, first, last);
        long start = first;
        for (long cut : cuts.starts) {
            if (Long.compareUnsigned(cut, start) > 0) {
                pieces.add(new long[] {start, cut - 1});
                start = cut;
            }
        }
        pieces.add(new long[] {start, last});
        return pieces;
    }

    /**
     * Counts the tables of one level, skipping them, and those of the levels above in
     * {@code perLevel} if given; with a non-zero {@code step} notes where a table of the level
     * begins at least {@code step} tables after the last noted, at an address whose
     * {@code unaligned} bits are clear.
     */
    private static final class Tables implements WalkVisitor {
        /**
         * Events a count may see. A count reads only tables of the levels above the counted
         * one, fewer than {@code wanted} of each, so it is small unless very many pieces are
         * wanted (many threads); cutting must never cost more than a small part of the walk.
         */
        private static final long BUDGET = 1 << 20;

        private final int level;
        private final long step;
        private final long unaligned;
        private final List<Long> starts = new ArrayList<>();
        private final long[] perLevel;
        private long count;
        private long nextAt;
        private long budget = BUDGET;

        Tables(int level, long step, long unaligned, long[] perLevel) {
            this.perLevel = perLevel;
            this.level = level;
            this.step = step;
            this.unaligned = unaligned;
            this.nextAt = step;
        }

        Tables walk(TreeWalker walker, PhysicalMemory mem, long[] roots, long first, long last) {
            walker.walk(mem, roots, first, last, this);
            return this;
        }

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            return --budget >= 0;
        }

        @Override
        public boolean hole(long first, long last, int level) {
            return --budget >= 0;
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            return --budget >= 0;
        }

        @Override
        public Action pre(long first, long last, int level, long table) {
            if (--budget < 0) {
                return Action.STOP;
            }
            if (perLevel != null) {
                perLevel[level]++;
            }
            if (level < this.level) {
                return Action.CONTINUE;
            }
            if (step != 0 && count >= nextAt && (first & unaligned) == 0) {
                starts.add(first);
                nextAt = count + step;
            }
            count++;
            return Action.SKIP;
        }
    }
}
