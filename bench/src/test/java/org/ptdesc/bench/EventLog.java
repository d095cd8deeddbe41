package org.ptdesc.bench;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.WalkVisitor;

/** Records every walk event as a line, so two walkers' walks can be compared whole. */
final class EventLog implements WalkVisitor {
    final List<String> events = new ArrayList<>();

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        events.add("leaf %x %x %x %d %x %x".formatted(va, pa, size, level, entry, attributes));
        return true;
    }

    @Override
    public boolean hole(long first, long last, int level) {
        events.add("hole %x %x %d".formatted(first, last, level));
        return true;
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        events.add("pre %x %x %d %x".formatted(first, last, level, table));
        return Action.CONTINUE;
    }

    @Override
    public boolean post(long first, long last, int level, long table) {
        events.add("post %x %x %d %x".formatted(first, last, level, table));
        return true;
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        events.add("fault %x %x %d %x %s %s".formatted(first, last, level, entry, kind, message));
        return true;
    }
}
