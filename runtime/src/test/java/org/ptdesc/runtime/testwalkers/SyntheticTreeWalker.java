package org.ptdesc.runtime.testwalkers;

import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A three-level tree that lives in no memory: what each entry is (a table, a leaf, invalid or a
 * fault) follows from a hash of its position and a seed, so a test gets a large, irregular tree
 * (top tables, tables of 64 entries, last-level tables of 64 pages of 16 bytes, some 1 KiB
 * superpages in the middle level) without building an image. The walk visits entries in
 * address order, one hole per invalid entry, and honours the visitor's answers as generated
 * walkers do; it can be told to throw when it reaches one address, for the tests of failures.
 */
public final class SyntheticTreeWalker implements TreeWalker {

    private static final int BITS = 6;
    private static final int[] SHIFTS = {16, 10, 4};

    private final long seed;
    private final long throwAt;
    private final TreeInfo info = new TreeInfo("synthetic", "a test tree", "synthetic.ptdesc", 22, 8,
            List.of(new TreeInfo.RootInfo("root", 0, (1L << 22) - 1, "")),
            List.of(new TreeInfo.LevelInfo("top", SHIFTS[0], BITS, ""), new TreeInfo.LevelInfo("mid", SHIFTS[1], BITS, ""),
                    new TreeInfo.LevelInfo("last", SHIFTS[2], BITS, "")), List.of());

    /** The tree of {@code seed}; the walk throws an {@link IllegalStateException} when it reaches {@code throwAt} (-1: never). */
    public SyntheticTreeWalker(long seed, long throwAt) {
        this.seed = seed;
        this.throwAt = throwAt;
    }

    @Override
    public TreeInfo info() {
        return info;
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va) {
        return NO_MAPPING;
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va) {
        return NO_MAPPING;
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long[] roots, long va) {
        return Translation.failed(va, -1, 0, Failure.OUT_OF_RANGE, "");
    }

    @Override
    public void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {
        long top = (1L << 22) - 1;
        if (Long.compareUnsigned(first, top) > 0) {
            return;
        }
        last = Long.compareUnsigned(last, top) > 0 ? top : last;
        if (visitor.pre(first, last, 0, 0) == WalkVisitor.Action.CONTINUE) {
            table(0, 0, first, last, visitor);
        }
    }

    /** Walks the entries of the level-{@code level} table at {@code base} within {@code first..last}; false to stop. */
    private boolean table(int level, long base, long first, long last, WalkVisitor visitor) {
        int shift = SHIFTS[level];
        long span = 1L << shift;
        for (long i = (first - base) >>> shift; i < 1 << BITS; i++) {
            long start = base + (i << shift);
            if (start > last) {
                break;
            }
            long from = Math.max(start, first);
            long to = Math.min(start + span - 1, last);
            if (from <= throwAt && throwAt <= to) {
                throw new IllegalStateException("the synthetic walk reached " + throwAt);
            }
            long kind = Long.remainderUnsigned(mix(seed ^ (start * 4 + level)), 100);
            boolean go;
            if (level < 2 && kind < (level == 0 ? 40 : 45)) {
                WalkVisitor.Action action = visitor.pre(from, to, level + 1, start);
                go = action == WalkVisitor.Action.STOP ? false
                        : action == WalkVisitor.Action.SKIP || table(level + 1, start, from, to, visitor) && visitor.post(from, to, level + 1, start);
            } else if (level == 1 && kind < 55 || level == 2 && kind < 60) {
                go = visitor.leaf(from, from ^ 0x5a5a_0000L, to - from + 1, level, start | 1, kind);
            } else if (level > 0 && kind < 63) {
                go = visitor.fault(from, to, level, start | 2, Failure.FAULT, "a synthetic fault");
            } else {
                go = visitor.hole(from, to, level);
            }
            if (!go) {
                return false;
            }
        }
        return true;
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }
}
