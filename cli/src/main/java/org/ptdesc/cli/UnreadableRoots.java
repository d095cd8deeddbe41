package org.ptdesc.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import org.ptdesc.runtime.TreeInfo;

/**
 * Root tables that could not be read (a fault at level 0 whose table lies outside the image):
 * the register value is wrong for this image, or the image lacks the table. Such a walk finds
 * nothing and must not look like an empty address space, so each is reported once on
 * standard error and the command exits with status 1.
 */
final class UnreadableRoots {
    private final TreeInfo info;
    private final long[] roots;
    private final Set<String> messages = new LinkedHashSet<>();

    UnreadableRoots(TreeInfo info, long[] roots) {
        this.info = info;
        this.roots = roots.clone();
    }

    /** The root table for address {@code va} could not be read at physical address {@code table}. */
    void note(long va, long table) {
        int r = rootOf(va);
        String register = r < 0 ? "the root" : info.roots().get(r).register() + " = " + HexConverter.hex(roots[r]);
        messages.add("cannot read the root table for " + register + ": physical address " + HexConverter.hex(table)
                + " is outside the image");
    }

    /** Notes what {@code other} (of a piece of the walk, which came after what this one saw) noted. */
    void addAll(UnreadableRoots other) {
        messages.addAll(other.messages);
    }

    private int rootOf(long va) {
        for (int i = 0; i < info.roots().size(); i++) {
            TreeInfo.RootInfo root = info.roots().get(i);
            if (Long.compareUnsigned(va, root.first()) >= 0 && Long.compareUnsigned(va, root.last()) <= 0) {
                return i;
            }
        }
        return -1;
    }

    boolean any() {
        return !messages.isEmpty();
    }

    /** Prints one error line per unreadable root; true if there was any. */
    boolean report(PrintWriter err) {
        messages.forEach(m -> err.println("ptdesc: error: " + m));
        err.flush();
        return any();
    }
}
