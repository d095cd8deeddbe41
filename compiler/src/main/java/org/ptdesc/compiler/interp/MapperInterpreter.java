package org.ptdesc.compiler.interp;

import java.util.Objects;
import org.ptdesc.compiler.encode.EntryDecoder;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TableAllocator;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeMapper;

/**
 * The reference mapper: map, unmap and protect by reading the {@link MapperIr} directly. It
 * defines what the generated mappers must do (they are tested to write the same bytes), so it
 * is written for clarity. One recursive step per operation walks a table of any level: from
 * the top, an entry the range covers whole becomes a leaf when this level may hold one (the
 * largest page that fits), otherwise the walk descends, creating tables as it goes; a leaf the
 * range covers in part is split into a table of next-level leaves first (unmap, protect).
 */
public final class MapperInterpreter implements TreeMapper {

    private final MapperIr m;
    private final WalkerIr ir;
    private final TreeInfo info;

    public MapperInterpreter(MapperIr mapper) {
        this.m = Objects.requireNonNull(mapper);
        this.ir = mapper.tree();
        this.info = ir.info();
    }

    @Override
    public TreeInfo info() {
        return info;
    }

    @Override
    public long pageSizes() {
        long sizes = 0;
        for (int l = 0; l < ir.levels().size(); l++) {
            if (m.levels().get(l).leaf() != null) {
                sizes |= ir.levels().get(l).span();
            }
        }
        return sizes;
    }

    @Override
    public long newRoot(PhysicalMemory mem, int root, TableAllocator tables) {
        MapperIr.RootEncoding r = m.roots().get(root);
        long pa = tables.allocate(r.tableBytes(), r.tableAlignment());
        if (pa == TableAllocator.NO_MEMORY) {
            return NO_ROOT;
        }
        if (!r.holds(pa)) {
            tables.free(pa, r.tableBytes());
            return NO_ROOT;
        }
        return r.register().apply(pa);
    }

    @Override
    public MapOutcome map(PhysicalMemory mem, long[] roots, long va, long pa, long size, long attributes,
            long pageSize, int flags, TableAllocator tables) {
        checkRoots(roots);
        long last = va + size - 1;
        int allowed = 0;
        for (int l = 0; l < ir.levels().size(); l++) {
            if ((pageSize == 0 || pageSize == ir.levels().get(l).span()) && leafEncodable(l, attributes)) {
                allowed |= 1 << l;
            }
        }
        long smallest = allowed == 0 ? 1 : ir.levels().get(31 - Integer.numberOfLeadingZeros(allowed)).span();
        if (size == 0 || ((va | pa | size) & (smallest - 1)) != 0) {
            return MapOutcome.failed(MapOutcome.Kind.MISALIGNED.ordinal(), va, -1, 0);
        }
        int r = rootOf(va, last);
        if (r < 0) {
            return MapOutcome.failed(MapOutcome.Kind.OUT_OF_RANGE.ordinal(), va, -1, 0);
        }
        if (allowed == 0) {
            return MapOutcome.failed(MapOutcome.Kind.NOT_ENCODABLE.ordinal(), va, -1, 0);
        }
        if ((flags & REPLACE) != 0) {
            MapOutcome o = unmap(mem, roots, va, size, tables);
            if (!o.ok()) {
                return o;
            }
        }
        return new Step(mem, tables, attributes, allowed, pa - va).map(0, rootTable(r, roots[r], va), va, last);
    }

    @Override
    public MapOutcome unmap(PhysicalMemory mem, long[] roots, long va, long size, TableAllocator tables) {
        checkRoots(roots);
        long last = va + size - 1;
        int r = rootOf(va, last);
        if (size == 0 || r < 0) {
            return MapOutcome.failed((size == 0 ? MapOutcome.Kind.MISALIGNED : MapOutcome.Kind.OUT_OF_RANGE).ordinal(),
                    va, -1, 0);
        }
        return new Step(mem, tables, 0, 0, 0).unmap(0, rootTable(r, roots[r], va), va, last);
    }

    @Override
    public MapOutcome protect(PhysicalMemory mem, long[] roots, long va, long size, long attributes,
            TableAllocator tables) {
        checkRoots(roots);
        long last = va + size - 1;
        int r = rootOf(va, last);
        if (size == 0 || r < 0) {
            return MapOutcome.failed((size == 0 ? MapOutcome.Kind.MISALIGNED : MapOutcome.Kind.OUT_OF_RANGE).ordinal(),
                    va, -1, 0);
        }
        int allowed = 0;
        for (int l = 0; l < ir.levels().size(); l++) {
            allowed |= leafEncodable(l, attributes) ? 1 << l : 0;
        }
        return new Step(mem, tables, attributes, allowed, 0).protect(0, rootTable(r, roots[r], va), va, last);
    }

    /** True when level {@code l} can write a leaf with {@code word}: decoding the entry gives the leaf rule and the word. */
    private boolean leafEncodable(int l, long word) {
        MapperIr.RuleEncoding leaf = m.levels().get(l).leaf();
        if (leaf == null || !leaf.reaches(word)) {
            return false;
        }
        Level level = ir.levels().get(l);
        long entry = leaf.encode(0, word);
        return EntryDecoder.match(level, entry) == leaf.rule()
                && EntryDecoder.leafWord(ir, (Rule.Leaf) level.rules().get(leaf.rule()), entry) == word;
    }

    /** The root translating all of {@code first..last}, or -1. */
    private int rootOf(long first, long last) {
        if (Long.compareUnsigned(last, first) < 0) {
            return -1;
        }
        for (WalkerIr.AddressRange range : ir.ranges()) {
            if (range.contains(first)) {
                int r = ir.rootFor(first);
                return range.contains(last) && r >= 0 && r == ir.rootFor(last) ? r : -1;
            }
        }
        return -1;
    }

    private long rootTable(int r, long register, long va) {
        return Eval.eval(ir.roots().get(r).table(), 0, va, register);
    }

    private void checkRoots(long[] roots) {
        if (roots.length != ir.roots().size()) {
            throw new IllegalArgumentException("tree " + ir.name() + " needs " + ir.roots().size()
                    + " root value(s), got " + roots.length);
        }
    }

    /** One operation's state, so the recursive steps stay short. */
    private final class Step {
        private final PhysicalMemory mem;
        private final TableAllocator tables;
        private final long attributes;
        private final int allowed;
        private final long delta;

        Step(PhysicalMemory mem, TableAllocator tables, long attributes, int allowed, long delta) {
            this.mem = mem;
            this.tables = tables;
            this.attributes = attributes;
            this.allowed = allowed;
            this.delta = delta;
        }

        MapOutcome map(int l, long table, long first, long last) {
            Level level = ir.levels().get(l);
            long span = level.span();
            for (long s = first; ; ) {
                long start = s & -span;
                long t = minU(last, start + span - 1);
                long at = table + (long) level.index(s) * ir.entryBytes();
                try {
                    long e = read(at);
                    int k = EntryDecoder.match(level, e);
                    Rule rule = k < 0 ? null : level.rules().get(k);
                    boolean whole = s == start && t == start + span - 1;
                    if ((allowed >> l & 1) != 0 && whole && ((s + delta) & (span - 1)) == 0) {
                        if (!(rule instanceof Rule.Invalid)) {
                            return failed(rule instanceof Rule.Table || rule instanceof Rule.Leaf
                                    ? MapOutcome.Kind.CONFLICT : MapOutcome.Kind.FAULT, s, l, e);
                        }
                        MapperIr.RuleEncoding leaf = m.levels().get(l).leaf();
                        if (!leaf.holds(s + delta)) {
                            return failed(MapOutcome.Kind.NOT_ENCODABLE, s, l, 0);
                        }
                        write(at, leaf.encode(s + delta, attributes));
                    } else {
                        long next;
                        switch (rule) {
                            case Rule.Invalid i -> {
                                next = newTable(l, at);
                                if (next < 0) {
                                    return failed(next == -1 ? MapOutcome.Kind.NO_MEMORY : MapOutcome.Kind.NOT_ENCODABLE, s, l, 0);
                                }
                            }
                            case Rule.Table x -> next = EntryDecoder.address(x, e);
                            case Rule.Leaf x -> {
                                return failed(MapOutcome.Kind.CONFLICT, s, l, e);
                            }
                            case null, default -> {
                                return failed(MapOutcome.Kind.FAULT, s, l, e);
                            }
                        }
                        MapOutcome o = map(l + 1, next, s, t);
                        if (!o.ok()) {
                            return o;
                        }
                    }
                } catch (PhysicalMemory.Unreadable x) {
                    return failed(MapOutcome.Kind.TABLE_OUTSIDE_MEMORY, s, l, table);
                }
                if (t == last) {
                    return MapOutcome.OK;
                }
                s = t + 1;
            }
        }

        MapOutcome unmap(int l, long table, long first, long last) {
            return change(l, table, first, last, true);
        }

        MapOutcome protect(int l, long table, long first, long last) {
            return change(l, table, first, last, false);
        }

        /**
         * Unmap ({@code unmap}) or protect {@code first..last} below the table at {@code table}
         * of level {@code l}: both skip invalid entries, rewrite leaves the range covers whole
         * (cleared, or re-encoded with the new attributes), split leaves it covers in part and
         * descend into tables; an unmap also frees every table it leaves empty.
         */
        private MapOutcome change(int l, long table, long first, long last, boolean unmap) {
            Level level = ir.levels().get(l);
            long span = level.span();
            for (long s = first; ; ) {
                long start = s & -span;
                long t = minU(last, start + span - 1);
                long at = table + (long) level.index(s) * ir.entryBytes();
                try {
                    long e = read(at);
                    int k = EntryDecoder.match(level, e);
                    Rule rule = k < 0 ? null : level.rules().get(k);
                    boolean whole = s == start && t == start + span - 1;
                    // A table address may have bit 63 set (a hostile entry): no sentinel values here.
                    long next = 0;
                    boolean descend = false;
                    switch (rule) {
                        case Rule.Invalid i -> { }
                        case Rule.Leaf x when whole && unmap -> write(at, m.levels().get(l).invalidEntry());
                        case Rule.Leaf x when whole -> {
                            if ((allowed >> l & 1) == 0) {
                                return failed(MapOutcome.Kind.NOT_ENCODABLE, s, l, e);
                            }
                            write(at, m.levels().get(l).leaf().encode(EntryDecoder.address(x, e), attributes));
                        }
                        case Rule.Leaf x -> {
                            next = split(l, at, x, e);
                            if (next < 0) {
                                return failed(next == -1 ? MapOutcome.Kind.NO_MEMORY : MapOutcome.Kind.NOT_ENCODABLE, s, l, e);
                            }
                            descend = true;
                        }
                        case Rule.Table x -> {
                            next = EntryDecoder.address(x, e);
                            descend = true;
                        }
                        case null, default -> {
                            return failed(MapOutcome.Kind.FAULT, s, l, e);
                        }
                    }
                    if (descend) {
                        MapOutcome o = change(l + 1, next, s, t, unmap);
                        if (!o.ok()) {
                            return o;
                        }
                        if (unmap && empty(l + 1, next)) {
                            write(at, m.levels().get(l).invalidEntry());
                            tables.free(next, m.levels().get(l + 1).tableBytes());
                        }
                    }
                } catch (PhysicalMemory.Unreadable x) {
                    return failed(MapOutcome.Kind.TABLE_OUTSIDE_MEMORY, s, l, table);
                }
                if (t == last) {
                    return MapOutcome.OK;
                }
                s = t + 1;
            }
        }

        /**
         * Allocates a table for level {@code l + 1} and points the entry at {@code at} to it:
         * its address, -1 when the allocator has none, -2 when the entry cannot name it.
         */
        private long newTable(int l, long at) {
            long next = allocateTable(l);
            if (next >= 0) {
                write(at, m.levels().get(l).table().encode(next, 0));
            }
            return next;
        }

        /**
         * A new table for level {@code l + 1} that a level-{@code l} table entry can point to,
         * not yet pointed to: its address, -1 when the allocator has none, -2 when no entry of
         * level {@code l} can name it.
         */
        private long allocateTable(int l) {
            MapperIr.RuleEncoding table = m.levels().get(l).table();
            if (table == null || l + 1 >= ir.levels().size()) {
                return -2;
            }
            MapperIr.LevelEncoding below = m.levels().get(l + 1);
            long next = tables.allocate(below.tableBytes(), below.tableAlignment());
            if (next == TableAllocator.NO_MEMORY) {
                return -1;
            }
            long entry = table.encode(next, 0);
            Level level = ir.levels().get(l);
            // Decode what is about to be written: some trees reserve table addresses (radix64).
            if (!table.holds(next) || EntryDecoder.match(level, entry) != table.rule()
                    || EntryDecoder.address(level.rules().get(table.rule()), entry) != next) {
                tables.free(next, below.tableBytes());
                return -2;
            }
            return next;
        }

        /**
         * Replaces the leaf {@code e} at {@code at} (level {@code l}) by a subtree of pages of the
         * next level that has leaves, with the same addresses and attribute word (through tables
         * of the levels between, if any). The subtree is built first and pointed to last, so a
         * failure changes nothing (what it allocated is freed). Returns the new table's address,
         * or -1/-2 as {@link #allocateTable}.
         */
        private long split(int l, long at, Rule.Leaf leaf, long e) {
            int target = l + 1;
            while (target < ir.levels().size() && m.levels().get(target).leaf() == null) {
                target++;
            }
            if (target >= ir.levels().size()) {
                return -2;
            }
            for (int k = l; k < target; k++) {
                if (m.levels().get(k).table() == null) {
                    return -2;
                }
            }
            long word = EntryDecoder.leafWord(ir, leaf, e);
            long pa = EntryDecoder.address(leaf, e);
            MapperIr.RuleEncoding small = m.levels().get(target).leaf();
            // Every small page must be writable before anything changes (x86 PSE-36: a 4 MiB
            // page above 4 GiB has no 4 KiB pages to split into).
            if (!leafEncodable(target, word) || !small.holds(pa)
                    || !small.holds(pa + ir.levels().get(l).span() - ir.levels().get(target).span())) {
                return -2;
            }
            long next = allocateTable(l);
            if (next < 0) {
                return next;
            }
            long filled = fill(l + 1, next, pa, word);
            if (filled < 0) {
                release(l + 1, next);
                return filled;
            }
            write(at, m.levels().get(l).table().encode(next, 0));
            return next;
        }

        /**
         * Fills the new level-{@code l} table at {@code table} with pages from {@code pa}: leaves
         * when the level has them, else a new table per entry, filled in turn. 0, or -1/-2.
         */
        private long fill(int l, long table, long pa, long word) {
            Level level = ir.levels().get(l);
            MapperIr.RuleEncoding leaf = m.levels().get(l).leaf();
            for (int i = 0; i < level.entries(); i++) {
                long at = table + (long) i * ir.entryBytes();
                long from = pa + i * level.span();
                if (leaf != null) {
                    write(at, leaf.encode(from, word));
                    continue;
                }
                long child = allocateTable(l);
                if (child < 0) {
                    return child;
                }
                write(at, m.levels().get(l).table().encode(child, 0));
                long filled = fill(l + 1, child, from, word);
                if (filled < 0) {
                    return filled;
                }
            }
            return 0;
        }

        /** Frees the new level-{@code l} table at {@code table} and the new tables below it (a failed split). */
        private void release(int l, long table) {
            MapperIr.RuleEncoding pointer = m.levels().get(l).table();
            if (m.levels().get(l).leaf() == null && pointer != null) {
                Level level = ir.levels().get(l);
                for (int i = 0; i < level.entries(); i++) {
                    long e = read(table + (long) i * ir.entryBytes());
                    if (e != m.levels().get(l).invalidEntry()) {
                        release(l + 1, EntryDecoder.address(level.rules().get(pointer.rule()), e));
                    }
                }
            }
            tables.free(table, m.levels().get(l).tableBytes());
        }

        /** True when every entry of the level-{@code l} table at {@code table} is invalid. */
        private boolean empty(int l, long table) {
            Level level = ir.levels().get(l);
            for (int i = 0; i < level.entries(); i++) {
                int k = EntryDecoder.match(level, read(table + (long) i * ir.entryBytes()));
                if (k < 0 || !(level.rules().get(k) instanceof Rule.Invalid)) {
                    return false;
                }
            }
            return true;
        }

        private long read(long pa) {
            if (ir.entryBytes() == 8) {
                return ir.bigEndian() ? mem.readLongBigEndian(pa) : mem.readLong(pa);
            }
            return ir.bigEndian() ? mem.readIntBigEndian(pa) : mem.readInt(pa);
        }

        private void write(long pa, long entry) {
            if (ir.entryBytes() == 8) {
                mem.writeLong(pa, entry, ir.bigEndian());
            } else {
                mem.writeInt(pa, (int) entry, ir.bigEndian());
            }
        }
    }

    private static MapOutcome failed(MapOutcome.Kind kind, long va, int level, long entry) {
        return MapOutcome.failed(kind.ordinal(), va, level, entry);
    }

    private static long minU(long x, long y) {
        return Long.compareUnsigned(x, y) <= 0 ? x : y;
    }
}
