package org.ptdesc.compiler.interp;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.WalkVisitor;

/** Records walk events as readable lines, so tests compare whole event sequences. */
final class RecordingVisitor implements WalkVisitor {
    final List<String> events = new ArrayList<>();
    int stopAfterLeaves = Integer.MAX_VALUE;
    int skipLevel = -1;
    private int leaves;

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        events.add("leaf %x %x %x L%d a=%x".formatted(va, pa, size, level, attributes));
        return ++leaves < stopAfterLeaves;
    }

    @Override
    public boolean hole(long first, long last, int level) {
        events.add("hole %x %x L%d".formatted(first, last, level));
        return true;
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        events.add("pre %x %x L%d t=%x".formatted(first, last, level, table));
        return level == skipLevel ? Action.SKIP : Action.CONTINUE;
    }

    @Override
    public boolean post(long first, long last, int level, long table) {
        events.add("post %x %x L%d t=%x".formatted(first, last, level, table));
        return true;
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        events.add("fault %x %x L%d e=%x %s %s".formatted(first, last, level, entry, kind, message).strip());
        return true;
    }
}
