package org.ptdesc.samples.x86;

import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;

/**
 * The one view of a shipped tree's packed attribute word the x86 tests need: an attribute's
 * value by name. The walkers come from {@link org.ptdesc.samples.Engine}, once per engine
 * (tests run with the samples module as working directory).
 */
final class LibraryTree {

    /** The value of attribute {@code name} in the packed word {@code attributes} of {@code walker}'s tree. */
    static long attribute(TreeWalker walker, long attributes, String name) {
        for (TreeInfo.AttributeInfo a : walker.info().attributes()) {
            if (a.name().equals(name)) {
                return a.valueIn(attributes);
            }
        }
        throw new AssertionError("tree " + walker.info().name() + " has no attribute " + name);
    }

    private LibraryTree() {}
}
