package org.ptdesc.runtime;

import org.ptdesc.runtime.NestedTranslation.Stage;

/**
 * One guest page (or its part in the walked range) split into stage 2 pages: a stage 2 walk over
 * its guest physical range, whose events move back into the guest's virtual addresses. Guest
 * physical addresses the stage 2 walk does not report (outside its walkable range) become
 * {@link Failure#OUT_OF_RANGE} faults of stage 2, so no part of the page goes unreported.
 * Shared by every nested walker that composes a guest walk with a stage 2 walker (the runtime's
 * composition and the compiler's reference interpreter), so both split pages the same way. A
 * generated pair class, which has the stage 2 walk in its own code, keeps one split per walk
 * and reuses it for every guest page ({@link #start}, its own stage 2 walk with this visitor,
 * {@link #finish}), so that a walk allocates no split per page.
 */
public final class GuestPageSplit implements WalkVisitor {

    private final TreeWalker host;
    private final NestedVisitor visitor;
    private long va;
    private long gpa;
    private int level;
    private long entry;
    private long attributes;
    /** The first guest physical address not yet reported; {@code done} once past the top. */
    private long next;
    private boolean done;
    private boolean stopped;

    /** The guest page at {@code va} mapping guest physical {@code gpa}, to split with {@code host}. */
    public GuestPageSplit(TreeWalker host, NestedVisitor visitor, long va, long gpa, int level, long entry, long attributes) {
        this.host = host;
        this.visitor = visitor;
        start(va, gpa, level, entry, attributes);
    }

    /**
     * A split without a stage 2 walker, for a caller that runs the stage 2 walk itself: each
     * page is {@link #start}, the stage 2 walk of its guest physical range with this visitor,
     * then {@link #finish}.
     */
    public GuestPageSplit(NestedVisitor visitor) {
        this.host = null;
        this.visitor = visitor;
    }

    /**
     * Reports the page's {@code length + 1} bytes, walking them with the stage 2 walker given to
     * the constructor (a split made without one has its caller walk); false when the walk must stop.
     */
    public boolean walk(PhysicalMemory mem, long[] hostRoots, long length) {
        host.walk(mem, hostRoots, gpa, gpa + length, this);
        return finish(length);
    }

    /** Begins the guest page at {@code va} mapping guest physical {@code gpa}: nothing of it reported yet. */
    public void start(long va, long gpa, int level, long entry, long attributes) {
        this.va = va;
        this.gpa = gpa;
        this.level = level;
        this.entry = entry;
        this.attributes = attributes;
        this.next = gpa;
        this.done = false;
        this.stopped = false;
    }

    /**
     * After the stage 2 walk of the page's {@code length + 1} bytes: reports what it left
     * unreported at the end; false when the walk must stop.
     */
    public boolean finish(long length) {
        long end = gpa + length;
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
