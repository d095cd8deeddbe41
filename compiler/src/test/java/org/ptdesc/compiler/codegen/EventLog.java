package org.ptdesc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A visitor that records every walk event as a line of text, for comparing walks with
 * hand-written expectations or with another walker. It can stop the walk after a number of
 * events, and answer {@code pre} with SKIP or STOP by a rule that depends only on the event,
 * so that two walkers given the same tree see the same answers.
 */
class EventLog implements WalkVisitor {

    final List<String> events = new ArrayList<>();
    private final int limit;
    private final long skipSalt;

    /** Records everything and never stops. */
    EventLog() {
        this(Integer.MAX_VALUE, 0);
    }

    /**
     * @param limit the event at which to stop the walk (the event is recorded, then false or STOP returned)
     * @param skipSalt non-zero: answer {@code pre} with SKIP (or STOP) for some tables, chosen by hashing
     */
    EventLog(int limit, long skipSalt) {
        this.limit = limit;
        this.skipSalt = skipSalt;
    }

    private boolean record(String event) {
        events.add(event);
        return events.size() < limit;
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        return record("leaf " + hex(va) + " -> " + hex(pa) + " size " + hex(size) + " L" + level + " entry " + hex(entry)
                + " attrs " + hex(attributes));
    }

    @Override
    public boolean hole(long first, long last, int level) {
        return record("hole " + hex(first) + ".." + hex(last) + " L" + level);
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        boolean go = record("pre " + hex(first) + ".." + hex(last) + " L" + level + " table " + hex(table));
        if (!go) {
            return Action.STOP;
        }
        if (skipSalt != 0) {
            long h = (first * 0x9E3779B97F4A7C15L + level) ^ skipSalt;
            h ^= h >>> 29;
            h *= 0xBF58476D1CE4E5B9L;
            h ^= h >>> 32;
            int pick = (int) Long.remainderUnsigned(h, 23);
            if (pick == 0) {
                events.add("(skipped)");
                return Action.SKIP;
            }
            if (pick == 1 && events.size() > 40) {
                events.add("(stopped)");
                return Action.STOP;
            }
        }
        return Action.CONTINUE;
    }

    @Override
    public boolean post(long first, long last, int level, long table) {
        return record("post " + hex(first) + ".." + hex(last) + " L" + level + " table " + hex(table));
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        return record("fault " + hex(first) + ".." + hex(last) + " L" + level + " entry " + hex(entry) + " " + kind
                + (message.isEmpty() ? "" : " \"" + message + "\""));
    }
}
