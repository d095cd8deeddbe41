package org.ptdesc.bench;

import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Three more visitor classes, walked with before measuring a per-leaf walk, as in a program
 * that walks with several visitors (a CLI's printers, {@code ParallelWalk}'s cutting): the JIT
 * then sees several receivers at the walk's call per leaf and makes it a real interface call
 * instead of inlining one visitor.
 */
final class OtherVisitors {

    private OtherVisitors() {}

    /** Walks {@code first..last} twenty times with each of the three other visitors. */
    static void pollute(TreeWalker walker, PhysicalMemory mem, long root, long first, long last) {
        WalkVisitor[] others = {new Count(), new LastPa(), new Events()};
        for (int r = 0; r < 20; r++) {
            for (WalkVisitor v : others) {
                walker.walk(mem, root, first, last, v);
            }
        }
    }

    /** Counts leaves. */
    private static final class Count implements WalkVisitor {
        long n;

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            n++;
            return true;
        }
    }

    /** Keeps the last leaf's physical address. */
    private static final class LastPa implements WalkVisitor {
        long pa;

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            this.pa = pa;
            return true;
        }
    }

    /** Counts holes and faults as well as leaves. */
    private static final class Events implements WalkVisitor {
        long n;

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            n += size;
            return true;
        }

        @Override
        public boolean hole(long first, long last, int level) {
            n++;
            return true;
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            n--;
            return true;
        }
    }
}
