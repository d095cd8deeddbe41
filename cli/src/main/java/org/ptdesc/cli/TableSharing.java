package org.ptdesc.cli;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ptdesc.compiler.encode.EntryDecoder;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * Lays a built tree out again with identical tables shared, as kernels share them (Linux points
 * every KASAN shadow PMD at one zero page table): bottom up, each table's entries are read,
 * its table pointers rewritten to the new places of its children, and a table whose rewritten
 * entries equal an earlier one's is that one. The result is the distinct tables, one after
 * another from {@code base} (each at its alignment), and the root registers naming them.
 */
final class TableSharing {

    /** The shared layout: the image bytes and the root register values. */
    record Layout(byte[] image, long[] roots) {}

    private final MapperIr m;
    private final WalkerIr ir;
    private final PhysicalMemory from;
    private final long base;
    private final Map<Key, Long> placed = new HashMap<>();
    private final List<long[]> contents = new ArrayList<>();
    private final List<Long> addresses = new ArrayList<>();
    private long next;

    private TableSharing(MapperIr m, PhysicalMemory from, long base) {
        this.m = m;
        this.ir = m.tree();
        this.from = from;
        this.base = base;
        this.next = base;
    }

    /** The tree under {@code roots} in {@code from}, laid out again from {@code base} with identical tables shared. */
    static Layout share(MapperIr m, PhysicalMemory from, long[] roots, long base) {
        TableSharing s = new TableSharing(m, from, base);
        long[] newRoots = new long[roots.length];
        for (int r = 0; r < roots.length; r++) {
            long top = EntryDecoder.rootTable(ir(m), r, roots[r]);
            newRoots[r] = m.roots().get(r).register().apply(s.place(0, top));
        }
        return new Layout(s.image(), newRoots);
    }

    private static WalkerIr ir(MapperIr m) {
        return m.tree();
    }

    /** The new address of the level-{@code l} table at {@code table}, placing it (and its children) first if needed. */
    private long place(int l, long table) {
        Level level = ir.levels().get(l);
        long[] entries = new long[level.entries()];
        MapperIr.RuleEncoding pointer = m.levels().get(l).table();
        for (int i = 0; i < entries.length; i++) {
            long e = read(table + (long) i * ir.entryBytes());
            int k = EntryDecoder.match(level, e);
            if (k >= 0 && level.rules().get(k) instanceof Rule.Table t && pointer != null && k == pointer.rule()) {
                long child = place(l + 1, EntryDecoder.address(t, e));
                e = (e & ~pointer.address().targetMask()) | pointer.address().apply(child);
            }
            entries[i] = e;
        }
        // The top table of each root stays its own (a root is not shared with another root's).
        Key key = new Key(l, l == 0 ? table : 0, entries);
        Long at = placed.get(key);
        if (at != null) {
            return at;
        }
        MapperIr.LevelEncoding enc = m.levels().get(l);
        long pa = (next + enc.tableAlignment() - 1) & -enc.tableAlignment();
        next = pa + enc.tableBytes();
        placed.put(key, pa);
        contents.add(entries);
        addresses.add(pa);
        return pa;
    }

    private byte[] image() {
        if (next - base > Integer.MAX_VALUE - 8) {
            throw new UserError("the built tables take " + Sizes.human(next - base) + ", more than one image can hold");
        }
        byte[] out = new byte[(int) (next - base)];
        MemorySegment seg = MemorySegment.ofArray(out);
        PhysicalMemory mem = PhysicalMemory.of(seg, base);
        for (int t = 0; t < contents.size(); t++) {
            long[] entries = contents.get(t);
            for (int i = 0; i < entries.length; i++) {
                long at = addresses.get(t) + (long) i * ir.entryBytes();
                if (ir.entryBytes() == 8) {
                    mem.writeLong(at, entries[i], ir.bigEndian());
                } else {
                    mem.writeInt(at, (int) entries[i], ir.bigEndian());
                }
            }
        }
        return out;
    }

    private long read(long pa) {
        if (ir.entryBytes() == 8) {
            return ir.bigEndian() ? from.readLongBigEndian(pa) : from.readLong(pa);
        }
        return ir.bigEndian() ? from.readIntBigEndian(pa) : from.readInt(pa);
    }

    /** A table's identity for sharing: its level, (for a top table) its address, and its entries. */
    private record Key(int level, long top, long[] entries) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.level == level && k.top == top && Arrays.equals(k.entries, entries);
        }

        @Override
        public int hashCode() {
            return (level * 31 + Long.hashCode(top)) * 31 + Arrays.hashCode(entries);
        }
    }
}
