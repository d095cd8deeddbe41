package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;

/**
 * Stands for a generated pair class: the same constructor, {@code (TreeWalker guest, TreeWalker host)},
 * and keeps the walkers it was given so tests can see which ones the lookup passed. The test walkers
 * have no levels to compose, so it translates nothing.
 */
public class FakePairWalker implements NestedWalker {
    public final TreeWalker guest;
    public final TreeWalker host;

    public FakePairWalker(TreeWalker guest, TreeWalker host) {
        this.guest = guest;
        this.host = host;
    }

    @Override
    public TreeInfo guestInfo() {
        return guest.info();
    }

    @Override
    public TreeInfo hostInfo() {
        return host.info();
    }

    @Override
    public long translate(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long va) {
        throw new UnsupportedOperationException();
    }

    @Override
    public NestedTranslation translateDetailed(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long va) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void walk(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long first, long last,
                     NestedVisitor visitor) {
        throw new UnsupportedOperationException();
    }
}
