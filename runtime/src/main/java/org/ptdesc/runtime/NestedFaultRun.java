package org.ptdesc.runtime;

import org.ptdesc.runtime.NestedTranslation.Stage;

/**
 * Consecutive guest table entries of a nested walk that cannot be read for the same reason,
 * reported as one {@link NestedVisitor#fault} (a 16 KiB guest table that stage 2 does not map
 * is one event, not 2048). A generated pair class keeps one per walk, so a walk allocates no
 * run per table; a run is flushed before any other event, so it never spans two tables.
 */
public final class NestedFaultRun {

    private final NestedVisitor visitor;
    private boolean open;
    private long first;
    private long last;
    private Stage stage;
    private int guestLevel;
    private int hostLevel;
    private long entry;
    private Failure kind;
    private String message;

    /** A run whose faults go to {@code visitor}. */
    public NestedFaultRun(NestedVisitor visitor) {
        this.visitor = visitor;
    }

    /**
     * Adds {@code s..t}, which continues the open run when it follows it for the same reason,
     * or else flushes the open run and starts a new one; false when the walk must stop.
     */
    public boolean add(long s, long t, Stage stage, int guestLevel, int hostLevel, long entry, Failure kind,
            String message) {
        if (open && this.stage == stage && this.guestLevel == guestLevel && this.hostLevel == hostLevel
                && this.kind == kind && this.message.equals(message) && last + 1 == s) {
            last = t;
            return true;
        }
        if (!flush()) {
            return false;
        }
        open = true;
        first = s;
        last = t;
        this.stage = stage;
        this.guestLevel = guestLevel;
        this.hostLevel = hostLevel;
        this.entry = entry;
        this.kind = kind;
        this.message = message;
        return true;
    }

    /** Reports the open run, if any; false when the walk must stop. */
    public boolean flush() {
        if (!open) {
            return true;
        }
        open = false;
        return visitor.fault(first, last, stage, guestLevel, hostLevel, entry, kind, message);
    }
}
