package org.ptdesc.runtime;

import org.ptdesc.runtime.NestedTranslation.Stage;

/**
 * One guest page (or its part in the walked range) split into stage 2 pages: a stage 2 walk over
 * its guest physical range, whose events move back into the guest's virtual addresses. Guest
 * physical addresses the stage 2 walk does not report (outside its walkable range) become
 * {@link Failure#OUT_OF_RANGE} faults of stage 2, so no part of the page goes unreported.
 * Shared by every nested walker that composes a guest walk with a stage 2 walker (the runtime's
 * composition and the compiler's reference interpreter), so both split pages the same way.
 */
public final class GuestPageSplit implements WalkVisitor {

    private final TreeWalker host;
    private final NestedVisitor visitor;
    private final long va;
    private final long gpa;
    private final int level;
    private final long entry;
    private final long attributes;
    /** The first guest physical address not yet reported; {@code done} once past the top. */
    private long next;
    private boolean done;
    private boolean stopped;

    /** The guest page at {@code va} mapping guest physical {@code gpa}, to split with {@code host}. */
    public GuestPageSplit(TreeWalker host, NestedVisitor visitor, long va, long gpa, int level, long entry, long attributes) {
        this.host = host;
        this.visitor = visitor;
        this.va = va;
        this.gpa = gpa;
        this.level = level;
        this.entry = entry;
        this.attributes = attributes;
        this.next = gpa;
    }

    /** Reports the page's {@code length + 1} bytes; false when the walk must stop. */
    public boolean walk(PhysicalMemory mem, long[] hostRoots, long length) {
        long end = gpa + length;
        host.walk(mem, hostRoots, gpa, end, this);
        if (!stopped && !done && Long.compareUnsigned(next, end) <= 0) {
            gap(next, end);
        }
        return !stopped;
    }

    private long guestVa(long g) {
        return va + (g - gpa);
    }

    /** Reports the unreported {@code next..first-1}, then moves past {@code last}. */
    private boolean covered(long first, long last) {
        if (!done && Long.compareUnsigned(first, next) > 0 && !gap(next, first - 1)) {
            return false;
        }
        done = last == -1L;
        next = last + 1;
        return true;
    }

    private boolean gap(long first, long last) {
        stopped = !visitor.fault(guestVa(first), guestVa(last), Stage.HOST, -1, -1, first, Failure.OUT_OF_RANGE, "");
        return !stopped;
    }

    @Override
    public boolean leaf(long g, long pa, long size, int hostLevel, long hostEntry, long hostAttributes) {
        if (!covered(g, g + size - 1)) {
            return false;
        }
        stopped = !visitor.leaf(guestVa(g), pa, size, g, level, entry, attributes, hostLevel, hostEntry, hostAttributes);
        return !stopped;
    }

    @Override
    public boolean hole(long first, long last, int hostLevel) {
        if (!covered(first, last)) {
            return false;
        }
        stopped = !visitor.hole(guestVa(first), guestVa(last), Stage.HOST, hostLevel);
        return !stopped;
    }

    @Override
    public boolean fault(long first, long last, int hostLevel, long hostEntry, Failure kind, String message) {
        if (!covered(first, last)) {
            return false;
        }
        stopped = !visitor.fault(guestVa(first), guestVa(last), Stage.HOST, -1, hostLevel, first, kind, message);
        return !stopped;
    }
}
