package org.ptdesc.runtime;

import java.util.Arrays;
import java.util.List;

/**
 * Cuts a walk's range into pieces that can be walked apart and give, one after the other,
 * exactly the leaves, holes and faults of the whole walk. Pieces start only where a populated
 * table begins: every entry above it on the way there is a table, so no leaf, hole or fault of
 * the whole walk straddles a cut, and no table that the whole walk found unreadable is split.
 * One walk finds the cuts, reading only the levels above the last (whose tables it counts
 * without reading them), and publishes each as soon as it is found ({@link PieceFeed}), so
 * the threads start walking at once. Pieces are measured in tables, whatever their level: each
 * costs a table's worth of reads to walk, so the pieces' shares of the work follow what is
 * populated, not how much address space they cover. The range's size
 * is not known while cutting, so the pieces grow: the first hold one table each (the threads
 * get work at once), then each about a quarter of the tables found so far, up to a most the
 * caller chooses (tens of tables): many pieces, so threads that finish early take more, and the
 * imbalance at the end is at most one piece.
 */
final class RangeSplit {

    /**
     * Events the cutting walk may see before it stops cutting (the rest of the range is then
     * the last piece). It reads only the levels above the last, so it is small unless the tree
     * is huge or a table points to itself; cutting must never cost more than a small part of the walk.
     */
    private static final long BUDGET = 1 << 20;

    private RangeSplit() {}

    /** Every piece of {@code first..last} (of about {@code mostTables} tables at most), {@code {first, last}} in address order. */
    static List<long[]> of(TreeWalker walker, PhysicalMemory mem, long[] roots, long first, long last, int mostTables) {
        PieceFeed feed = new PieceFeed(first, last);
        cut(walker, mem, roots, first, last, mostTables, feed);
        return Arrays.asList(feed.all());
    }

    /**
     * Publishes the cuts of {@code first..last} into pieces of about {@code mostTables} tables at most
     * to {@code feed} as they are found, then completes it (also on failure).
     */
    static void cut(TreeWalker walker, PhysicalMemory mem, long[] roots, long first, long last, int mostTables, PieceFeed feed) {
        try {
            List<TreeInfo.LevelInfo> levels = walker.info().levels();
            if (levels.size() > 1) {
                // Where the levels above a table's read the address, a cut there must fall where their entries begin.
                long[] unaligned = new long[levels.size()];
                for (int d = 1; d < levels.size(); d++) {
                    unaligned[d] = unaligned[d - 1] | (walker.rulesReadAddress(d - 1) ? levels.get(d - 1).entrySpan() - 1 : 0);
                }
                walker.walkApart(mem, roots, first, last, new Cutter(levels.size() - 1, unaligned, mostTables, feed));
            }
        } finally {
            feed.complete();
        }
    }

    /** The cutting walk's visitor: enters the tables of every level but the deepest, notes where cuts fall. */
    private static final class Cutter implements WalkVisitor {
        private final int deepest;
        private final long[] unaligned;
        private final int mostTables;
        private final PieceFeed feed;
        private long tables;
        private long inPiece;
        private long budget = BUDGET;

        Cutter(int deepest, long[] unaligned, int mostTables, PieceFeed feed) {
            this.deepest = deepest;
            this.unaligned = unaligned;
            this.mostTables = mostTables;
            this.feed = feed;
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
            if (level == 0) {
                return Action.CONTINUE;
            }
            long most = Math.clamp(tables / 4, 1, mostTables);
            if (inPiece >= most && (first & unaligned[level]) == 0 && Long.compareUnsigned(first, feed.lastStart()) > 0) {
                feed.cutAt(first);
                inPiece = 0;
            }
            tables++;
            inPiece++;
            return level < deepest ? Action.CONTINUE : Action.SKIP;
        }
    }
}
