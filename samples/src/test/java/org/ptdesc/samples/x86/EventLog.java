package org.ptdesc.samples.x86;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Records every walk event as one readable line (addresses in hex, attributes by name), so a
 * test compares a whole walk with a list written out by hand.
 */
final class EventLog implements WalkVisitor {
    private final TreeInfo tree;
    private final List<String> events = new ArrayList<>();

    EventLog(TreeInfo tree) {
        this.tree = tree;
    }

    /** The events so far, in order. */
    List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        events.add("leaf L%d %x -> %x size %x %s".formatted(level, va, pa, size, tree.describeAttributes(attributes)));
        return true;
    }

    @Override
    public boolean hole(long first, long last, int level) {
        events.add("hole L%d %x..%x".formatted(level, first, last));
        return true;
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        events.add("pre  L%d %x..%x table %x".formatted(level, first, last, table));
        return Action.CONTINUE;
    }

    @Override
    public boolean post(long first, long last, int level, long table) {
        events.add("post L%d %x..%x table %x".formatted(level, first, last, table));
        return true;
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        events.add(("fault L%d %x..%x entry %x %s %s".formatted(level, first, last, entry, kind, message)).strip());
        return true;
    }
}
