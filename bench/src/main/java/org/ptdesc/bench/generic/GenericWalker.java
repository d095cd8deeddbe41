package org.ptdesc.bench.generic;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A generic table-driven walker in the style of the 2014 proposal: one loop over the
 * descriptor's level array, calling each level's {@link LevelLookup} through the interface.
 * It is what ptdesc replaces with generated code, and the walker the generated one must beat
 * several times over on translate.
 *
 * <p>Like the hand-written baseline it reads 64-bit little-endian entries straight from the
 * {@link MemorySegment} it was made for (the physical address is the segment offset; the
 * {@code mem} argument must describe the same segment), so the difference between the two
 * is the genericity alone.
 */
public final class GenericWalker implements TreeWalker {

    private static final ValueLayout.OfLong ENTRY =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final GenericTree tree;
    private final GenericLevel[] levels;
    private final MemorySegment segment;
    private final TreeInfo info;
    /** The walkable ranges, unsigned inclusive {first, last} pairs in ascending order. */
    private final long[][] ranges;

    /** A walker of {@code tree} over trees held in {@code segment}. */
    public GenericWalker(GenericTree tree, MemorySegment segment) {
        if (tree.entryBytes() != 8) {
            throw new IllegalArgumentException("this generic walker reads 64-bit entries only");
        }
        this.tree = tree;
        this.levels = tree.levels().clone();
        this.segment = segment;
        List<TreeInfo.LevelInfo> ls = new ArrayList<>();
        for (GenericLevel l : levels) {
            ls.add(new TreeInfo.LevelInfo(l.name(), l.shift(), l.bits(), ""));
        }
        this.ranges = walkableRanges(tree);
        this.info = new TreeInfo(tree.name(), "generic table-driven walker", "", tree.addressBits(), 8,
                List.of(new TreeInfo.RootInfo("root", 0, -1L, "")), ls, List.of());
    }

    @Override
    public TreeInfo info() {
        return info;
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va) {
        if (!tree.valid(va)) {
            return NO_MAPPING;
        }
        long table = root & tree.rootMask();
        try {
            for (GenericLevel level : levels) {
                long found = level.lookup().lookup(segment.get(ENTRY, table + level.index(va) * 8L));
                switch ((int) (found & LevelLookup.KIND)) {
                    case LevelLookup.INVALID -> {
                        return NO_MAPPING;
                    }
                    case LevelLookup.LEAF -> {
                        return (found & ~LevelLookup.KIND) | (va & (level.span() - 1));
                    }
                    default -> table = found & ~LevelLookup.KIND;
                }
            }
        } catch (IndexOutOfBoundsException tableOutsideMemory) {
            return NO_MAPPING;
        }
        return NO_MAPPING;
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va) {
        return translate(mem, oneRoot(roots), va);
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long[] roots, long va) {
        if (!tree.valid(va)) {
            return Translation.failed(va, -1, 0, Failure.OUT_OF_RANGE, "");
        }
        long table = oneRoot(roots) & tree.rootMask();
        long acc = tree.attributesInit();
        for (int l = 0; l < levels.length; l++) {
            GenericLevel level = levels[l];
            long at = table + level.index(va) * 8L;
            if (!readable(at, 8)) {
                return Translation.failed(va, l, at, Failure.TABLE_OUTSIDE_MEMORY, "");
            }
            long e = segment.get(ENTRY, at);
            LevelLookup lookup = level.lookup();
            long found = lookup.lookup(e);
            switch ((int) (found & LevelLookup.KIND)) {
                case LevelLookup.INVALID -> {
                    return Translation.failed(va, l, e, Failure.NOT_PRESENT, "");
                }
                case LevelLookup.LEAF -> {
                    long span = level.span();
                    return Translation.mapped(va, (found & ~LevelLookup.KIND) | (va & (span - 1)), l, span, e,
                            lookup.attributes(acc, e));
                }
                default -> {
                    acc = lookup.attributes(acc, e);
                    table = found & ~LevelLookup.KIND;
                }
            }
        }
        return Translation.failed(va, levels.length - 1, 0, Failure.NO_RULE, "");
    }

    @Override
    public void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {
        long table = oneRoot(roots) & tree.rootMask();
        if (Long.compareUnsigned(first, last) > 0) {
            return;
        }
        for (long[] range : ranges) {
            long a = Long.compareUnsigned(first, range[0]) >= 0 ? first : range[0];
            long b = Long.compareUnsigned(last, range[1]) <= 0 ? last : range[1];
            if (Long.compareUnsigned(a, b) <= 0 && !walkTable(0, table, a, b, tree.attributesInit(), visitor)) {
                return;
            }
        }
    }

    private static long[][] walkableRanges(GenericTree tree) {
        int n = tree.addressBits();
        if (n == 64) {
            return new long[][] {{0, -1L}};
        }
        if (tree.signExtended()) {
            long half = 1L << (n - 1);
            return new long[][] {{0, half - 1}, {-half, -1L}};
        }
        return new long[][] {{0, (1L << n) - 1}};
    }

    private boolean walkTable(int l, long table, long a, long b, long acc, WalkVisitor v) {
        GenericLevel level = levels[l];
        int i0 = level.index(a);
        int i1 = level.index(b);
        if (!readable(table + i0 * 8L, (i1 - i0 + 1) * 8L)) {
            return v.fault(a, b, l, table, Failure.TABLE_OUTSIDE_MEMORY, "");
        }
        switch (v.pre(a, b, l, table)) {
            case STOP -> {
                return false;
            }
            case SKIP -> {
                return true;
            }
            case CONTINUE -> { }
        }
        long span = level.span();
        long base = a & -span & ~(((1L << level.bits()) - 1) << level.shift());
        LevelLookup lookup = level.lookup();
        boolean inHole = false;
        long holeFirst = 0;
        long holeLast = 0;
        for (int i = i0; i <= i1; i++) {
            long start = base | ((long) i << level.shift());
            long s = i == i0 ? a : start;
            long t = i == i1 ? b : start + (span - 1);
            long e = segment.get(ENTRY, table + i * 8L);
            long found = lookup.lookup(e);
            long kind = found & LevelLookup.KIND;
            if (kind == LevelLookup.INVALID) {
                if (!inHole) {
                    inHole = true;
                    holeFirst = s;
                }
                holeLast = t;
                continue;
            }
            if (inHole) {
                inHole = false;
                if (!v.hole(holeFirst, holeLast, l)) {
                    return false;
                }
            }
            boolean go = kind == LevelLookup.LEAF
                    ? v.leaf(s, (found & ~LevelLookup.KIND) | (s & (span - 1)), t - s + 1, l, e, lookup.attributes(acc, e))
                    : walkTable(l + 1, found & ~LevelLookup.KIND, s, t, lookup.attributes(acc, e), v);
            if (!go) {
                return false;
            }
        }
        if (inHole && !v.hole(holeFirst, holeLast, l)) {
            return false;
        }
        return v.post(a, b, l, table);
    }

    private boolean readable(long pa, long bytes) {
        return pa >= 0 && pa <= segment.byteSize() - bytes;
    }

    private static long oneRoot(long[] roots) {
        if (roots.length != 1) {
            throw new IllegalArgumentException("a generic tree has 1 root, got " + roots.length + " values");
        }
        return roots[0];
    }
}
