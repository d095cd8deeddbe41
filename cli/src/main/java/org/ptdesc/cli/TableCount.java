package org.ptdesc.cli;

import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Whether a range holds at least so many page tables, found by reading only the levels above
 * the last (each last-level table is counted when the walk reaches it, then skipped) and
 * stopping at the bound: how {@code walk} decides, when it may use every core, whether the
 * range is large enough for a second thread to pay in a command started afresh.
 */
final class TableCount implements WalkVisitor {

    private final int deepest;
    private final long bound;
    private long tables;

    private TableCount(int deepest, long bound) {
        this.deepest = deepest;
        this.bound = bound;
    }

    /** Whether {@code first..last} of the tree at {@code roots} holds at least {@code bound} tables, the root tables included. */
    static boolean atLeast(TreeWalker walker, PhysicalMemory mem, long[] roots, long first, long last, long bound) {
        TableCount count = new TableCount(walker.info().levels().size() - 1, bound);
        walker.walkApart(mem, roots, first, last, count);
        return count.tables >= bound;
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        if (++tables >= bound) {
            return Action.STOP;
        }
        return level < deepest ? Action.CONTINUE : Action.SKIP;
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        return true;
    }
}
