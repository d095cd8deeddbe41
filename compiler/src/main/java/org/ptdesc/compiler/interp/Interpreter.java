package org.ptdesc.compiler.interp;

import java.util.List;
import java.util.Objects;
import org.ptdesc.compiler.ir.AddressReads;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The reference interpreter: walks a tree by evaluating its IR directly. It defines what a
 * description means, and is the oracle the generated walkers are tested against, so it is
 * written for clarity rather than speed.
 */
public final class Interpreter implements TreeWalker {

    private final WalkerIr ir;
    private final TreeInfo info;

    public Interpreter(WalkerIr ir) {
        this.ir = Objects.requireNonNull(ir);
        this.info = ir.info();
    }

    /** The IR this interpreter runs. */
    public WalkerIr ir() {
        return ir;
    }

    @Override
    public TreeInfo info() {
        return info;
    }

    @Override
    public boolean rulesReadAddress(int level) {
        return level < 0 || level >= ir.levels().size() || AddressReads.of(ir.levels().get(level));
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va) {
        return translateDetailed(mem, singleRoot(root), va).pa();
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va) {
        return translateDetailed(mem, roots, va).pa();
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long root, long va) {
        return translateDetailed(mem, singleRoot(root), va);
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long[] roots, long tagged) {
        checkRoots(roots);
        // Everything below works with the untagged address; the result reports the caller's.
        long va = ir.untagged(tagged);
        int r = ir.inRange(va) ? ir.rootFor(va) : -1;
        if (r < 0) {
            return Translation.failed(tagged, -1, 0, Failure.OUT_OF_RANGE, "");
        }
        long table = Eval.eval(ir.roots().get(r).table(), 0, va, roots[r]);
        long acc = ir.attributeInit();
        List<Level> levels = ir.levels();
        for (int l = 0; l < levels.size(); l++) {
            Level level = levels.get(l);
            long at = table + (long) level.index(va) * ir.entryBytes();
            long entry;
            try {
                // An entry whose address wraps past 2^64 is outside memory, not in low memory.
                if (!noWrap(table, at)) {
                    return Translation.failed(tagged, l, at, Failure.TABLE_OUTSIDE_MEMORY, "");
                }
                entry = read(mem, at);
            } catch (PhysicalMemory.Unreadable e) {
                return Translation.failed(tagged, l, at, Failure.TABLE_OUTSIDE_MEMORY, "");
            }
            Rule rule = match(level, entry, va);
            switch (rule) {
                case null -> {
                    return Translation.failed(tagged, l, entry, Failure.NO_RULE, "");
                }
                case Rule.Invalid i -> {
                    return Translation.failed(tagged, l, entry, Failure.NOT_PRESENT, "");
                }
                case Rule.Fault f -> {
                    return Translation.failed(tagged, l, entry, Failure.FAULT, f.message());
                }
                case Rule.Table t -> {
                    acc = t.attributes().apply(acc, entry, va);
                    table = Eval.eval(t.address(), entry, va, 0);
                }
                case Rule.Leaf leaf -> {
                    acc = leaf.attributes().apply(acc, entry, va);
                    long span = level.span();
                    long pa = Eval.eval(leaf.address(), entry, va, 0) | (va & (span - 1));
                    return Translation.mapped(tagged, pa, l, span, entry, acc);
                }
            }
        }
        // Unreachable for checked IR: the last level has no table rules.
        throw new IllegalStateException("tree " + ir.name() + ": table rule at the last level");
    }

    /** Tries the permission rules in order; the first whose condition holds denies. */
    @Override
    public int denyingRule(long entry, long attributes, int access, long modes) {
        List<Permission> rules = ir.permissions();
        for (int i = 0; i < rules.size(); i++) {
            if (Eval.permission(rules.get(i).condition(), entry, attributes, modes, access) != 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va, int access, long modes) {
        Translation t = translateDetailed(mem, roots, va);
        if (!t.mapped()) {
            return t.pa();
        }
        return denyingRule(t.entry(), t.attributes(), access, modes) >= 0 ? DENIED : t.pa();
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va, int access, long modes) {
        return translate(mem, singleRoot(root), va, access, modes);
    }

    @Override
    public void walk(PhysicalMemory mem, long root, long first, long last, WalkVisitor visitor) {
        walk(mem, singleRoot(root), first, last, visitor);
    }

    /** Walks untagged addresses only: tagged ones are aliases, not further addresses to enumerate. */
    @Override
    public void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {
        checkRoots(roots);
        Objects.requireNonNull(visitor);
        if (Long.compareUnsigned(first, last) > 0) {
            return;
        }
        // Roots and walkable ranges are each sorted and disjoint: visit their intersections
        // with first..last in ascending order.
        for (WalkerIr.AddressRange range : ir.ranges()) {
            for (int r = 0; r < ir.roots().size(); r++) {
                Root root = ir.roots().get(r);
                long a = maxU(maxU(first, range.first()), root.first());
                long b = minU(minU(last, range.last()), root.last());
                if (Long.compareUnsigned(a, b) > 0) {
                    continue;
                }
                long table = Eval.eval(root.table(), 0, a, roots[r]);
                if (!new TableWalk(mem, visitor).table(0, table, a, b, ir.attributeInit())) {
                    return;
                }
            }
        }
    }

    /** One walk's state: the memory and visitor, so the recursive step stays short. */
    private final class TableWalk {
        private final PhysicalMemory mem;
        private final WalkVisitor visitor;

        TableWalk(PhysicalMemory mem, WalkVisitor visitor) {
            this.mem = mem;
            this.visitor = visitor;
        }

        /** Walks a..b of the table at {@code table} of level {@code l}; false when the walk must stop. */
        boolean table(int l, long table, long a, long b, long acc) {
            Level level = ir.levels().get(l);
            int firstIndex = level.index(a);
            int lastIndex = level.index(b);
            long bytes = (long) (lastIndex - firstIndex + 1) * ir.entryBytes();
            long start = table + (long) firstIndex * ir.entryBytes();
            // Entries are read one by one, as translate reads them; a wholly readable table is the
            // common case, and one with no readable entry is a single fault for the whole table.
            boolean whole = noWrap(table, start) && mem.contains(start, bytes);
            if (!whole && !anyReadable(table, firstIndex, lastIndex)) {
                return visitor.fault(a, b, l, table, Failure.TABLE_OUTSIDE_MEMORY, "");
            }
            switch (visitor.pre(a, b, l, table)) {
                case STOP -> {
                    return false;
                }
                case SKIP -> {
                    return true;
                }
                case CONTINUE -> { }
            }
            long span = level.span();
            boolean inHole = false;
            long holeStart = 0;
            long holeEnd = 0;
            for (int i = firstIndex; i <= lastIndex; i++) {
                // Keep the bits above this table's index (the sign extension at the top level).
                long entryStart = (a & -span & ~(((1L << level.bits()) - 1) << level.shift())) | ((long) i << level.shift());
                long s = i == firstIndex ? a : entryStart;
                long t = i == lastIndex ? b : entryStart + (span - 1);
                long at = table + (long) i * ir.entryBytes();
                if (!whole && !readable(table, at)) {
                    if (inHole) {
                        inHole = false;
                        if (!visitor.hole(holeStart, holeEnd, l)) {
                            return false;
                        }
                    }
                    if (!visitor.fault(s, t, l, at, Failure.TABLE_OUTSIDE_MEMORY, "")) {
                        return false;
                    }
                    continue;
                }
                long entry = read(mem, at);
                Rule rule = match(level, entry, s);
                if (rule instanceof Rule.Invalid) {
                    if (!inHole) {
                        inHole = true;
                        holeStart = s;
                    }
                    holeEnd = t;
                    continue;
                }
                if (inHole) {
                    inHole = false;
                    if (!visitor.hole(holeStart, holeEnd, l)) {
                        return false;
                    }
                }
                boolean go = switch (rule) {
                    case null -> visitor.fault(s, t, l, entry, Failure.NO_RULE, "");
                    case Rule.Invalid x -> throw new AssertionError();
                    case Rule.Fault f -> visitor.fault(s, t, l, entry, Failure.FAULT, f.message());
                    case Rule.Leaf leaf -> {
                        long attrs = leaf.attributes().apply(acc, entry, s);
                        long pa = Eval.eval(leaf.address(), entry, s, 0) | (s & (span - 1));
                        yield visitor.leaf(s, pa, t - s + 1, l, entry, attrs);
                    }
                    case Rule.Table next -> {
                        long attrs = next.attributes().apply(acc, entry, s);
                        yield table(l + 1, Eval.eval(next.address(), entry, s, 0), s, t, attrs);
                    }
                };
                if (!go) {
                    return false;
                }
            }
            if (inHole && !visitor.hole(holeStart, holeEnd, l)) {
                return false;
            }
            return visitor.post(a, b, l, table);
        }

        private boolean anyReadable(long table, int firstIndex, int lastIndex) {
            for (int i = firstIndex; i <= lastIndex; i++) {
                if (readable(table, table + (long) i * ir.entryBytes())) {
                    return true;
                }
            }
            return false;
        }

        /** The entry at {@code at} of the table at {@code table} can be read: no wrap, in memory. */
        private boolean readable(long table, long at) {
            return noWrap(table, at) && mem.contains(at, ir.entryBytes());
        }
    }

    /** True when {@code at}, an address at or after {@code table}, did not wrap past 2^64. */
    private static boolean noWrap(long table, long at) {
        return Long.compareUnsigned(at, table) >= 0;
    }

    private Rule match(Level level, long entry, long va) {
        for (Rule rule : level.rules()) {
            if (Eval.eval(rule.condition(), entry, va, 0) != 0) {
                return rule;
            }
        }
        return null;
    }

    private long read(PhysicalMemory mem, long pa) {
        if (ir.entryBytes() == 8) {
            return ir.bigEndian() ? mem.readLongBigEndian(pa) : mem.readLong(pa);
        }
        return ir.bigEndian() ? mem.readIntBigEndian(pa) : mem.readInt(pa);
    }

    private long[] singleRoot(long root) {
        if (ir.roots().size() != 1) {
            throw new IllegalArgumentException("tree " + ir.name() + " has " + ir.roots().size()
                    + " roots; pass one register value per root");
        }
        return new long[] {root};
    }

    private void checkRoots(long[] roots) {
        if (roots.length != ir.roots().size()) {
            throw new IllegalArgumentException("tree " + ir.name() + " needs " + ir.roots().size()
                    + " root value(s), got " + roots.length);
        }
    }

    private static long maxU(long x, long y) {
        return Long.compareUnsigned(x, y) >= 0 ? x : y;
    }

    private static long minU(long x, long y) {
        return Long.compareUnsigned(x, y) <= 0 ? x : y;
    }
}
