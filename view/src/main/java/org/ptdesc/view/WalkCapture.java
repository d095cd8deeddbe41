package org.ptdesc.view;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A walk visitor that records what a walk reports, coalescing each leaf into the previous
 * {@link LeafRun} when nothing a reader could ask about would be lost (see {@link LeafRun}), and
 * each hole into the previous one when it continues it at the same level.
 * It never stops a walk and never throws: faults are data like any other event.
 */
public final class WalkCapture implements WalkVisitor {
    private final TreeInfo info;
    private final RuleBook rules;
    private final long first;
    private final long last;
    private final List<LeafRun> runs = new ArrayList<>();
    private final List<Hole> holes = new ArrayList<>();
    private final List<Fault> faults = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private long leafCount;
    private LeafRun open;

    /** A capture for a walk of {@code first..last} of a tree described by {@code info}. */
    public WalkCapture(TreeInfo info, RuleBook rules, long first, long last) {
        this.info = info;
        this.rules = rules;
        this.first = first;
        this.last = last;
    }

    /** Walks {@code first..last} from {@code roots} and returns what was seen. */
    public static CapturedWalk walk(TreeWalker walker, RuleBook rules, PhysicalMemory mem, long[] roots, long first,
            long last) {
        WalkCapture capture = new WalkCapture(walker.info(), rules, first, last);
        walker.walk(mem, roots, first, last, capture);
        return capture.result();
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        leafCount++;
        int rule = rules.match(level, entry, va);
        if (open != null && open.level() == level && open.pageSize() == size && open.attributes() == attributes
                && open.rule() == rule && open.last() + 1 == va && open.pa() + size * open.pages() == pa
                && open.entryFlags() == (entry ^ pa) && open.last() != -1L) {
            open = new LeafRun(open.va(), open.pa(), size, level, open.entry(), attributes, rule, open.pages() + 1);
            return true;
        }
        close();
        open = new LeafRun(va, pa, size, level, entry, attributes, rule, 1);
        return true;
    }

    @Override
    public boolean hole(long first, long last, int level) {
        // A walker joins the empty entries of one table; the empty tail of one table and the empty
        // head of the next are joined here, so a sparse tree does not cost a hole per table.
        Hole tail = holes.isEmpty() ? null : holes.getLast();
        if (tail != null && tail.level() == level && tail.last() + 1 == first && tail.last() != -1L) {
            holes.set(holes.size() - 1, new Hole(tail.first(), last, level));
        } else {
            holes.add(new Hole(first, last, level));
        }
        return true;
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        tables.add(new Table(first, last, level, table));
        return Action.CONTINUE;
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        faults.add(new Fault(first, last, level, entry, kind, message == null ? "" : message));
        return true;
    }

    private void close() {
        if (open != null) {
            runs.add(open);
            open = null;
        }
    }

    /** What was captured so far (call once the walk is over). */
    public CapturedWalk result() {
        close();
        return new CapturedWalk(info, first, last, runs, holes, faults, tables, leafCount);
    }
}
