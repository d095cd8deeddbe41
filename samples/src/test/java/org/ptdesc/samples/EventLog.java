package org.ptdesc.samples;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Records every event of a walk as one line of text, so a test can compare a whole walk with a
 * list written by hand. Leaves show their attributes as {@link TreeInfo#describeAttributes}
 * renders them.
 */
public final class EventLog implements WalkVisitor {

    private final TreeInfo info;
    private final List<String> events = new ArrayList<>();

    public EventLog(TreeInfo info) {
        this.info = info;
    }

    /** The events so far, in order. */
    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        events.add("leaf %s -> %s size %s level %d %s".formatted(hex(va), hex(pa), hex(size), level, info.describeAttributes(attributes)));
        return true;
    }

    @Override
    public boolean hole(long first, long last, int level) {
        events.add("hole %s..%s level %d".formatted(hex(first), hex(last), level));
        return true;
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        events.add("pre %s..%s level %d table %s".formatted(hex(first), hex(last), level, hex(table)));
        return Action.CONTINUE;
    }

    @Override
    public boolean post(long first, long last, int level, long table) {
        events.add("post %s..%s level %d table %s".formatted(hex(first), hex(last), level, hex(table)));
        return true;
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        events.add("fault %s..%s level %d %s %s".formatted(hex(first), hex(last), level, kind, message).strip());
        return true;
    }

    private static String hex(long x) {
        return "0x" + Long.toHexString(x);
    }
}
