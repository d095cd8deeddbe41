package org.ptdesc.runtime;

import java.lang.foreign.MemorySegment;

/**
 * The entries of one table, from the walk's range, handed undecoded to a {@link RunVisitor}: a
 * flyweight over the table in memory, as SBE's decoders are over a buffer. Entry {@code i} of
 * {@link #count()} is read by {@link #entry} and decoded only as far as asked, by the walker's
 * {@link RunDecoder}: {@link #kind}, {@link #first(int)}, {@link #last(int)} for every entry,
 * then {@link #pa}, {@link #size} and {@link #attributes} of a leaf, or {@link #failure} and
 * {@link #message} of a fault; the decoding methods take the entry as read, so that a loop
 * reads each entry once:
 *
 * <pre>{@code
 * for (int i = 0; i < run.count(); i++) {
 *     long e = run.entry(i);
 *     if (run.isLeaf(e, i)) { total += run.size(i); }   // run.pa(e, i), run.attributes(e, i)
 * }
 * }</pre>
 *
 * <p>A flat memory's 64-bit little-endian entries are read where they lie; others are copied
 * into an array the run keeps when it is handed on. The run is reused for the walk's next
 * table: keep nothing from it but copies.
 *
 * <p>An entry's span is clipped to the walk's range, as in {@link WalkVisitor} events, and rules
 * that read the address see the first address of that clipped span, as in the walk. Entries are
 * reported one by one: a hole is each of its invalid entries ({@link #replay} joins them, as
 * the walk does).
 */
public final class EntryRun {

    private RunDecoder decoder;
    /**
     * Where the entries are read: the segment that holds them ({@code direct}, from
     * {@code directBase} on, at a constant stride, so that the JIT checks a consumer's reads
     * once for its loop), or when no segment holds them as 64-bit little-endian words, a copy.
     */
    private MemorySegment direct;
    private long directBase;
    private long[] entries = new long[0];
    private long firstEntry;
    private long first;
    /** The first address of the first entry's span, and the offset bits of a span. */
    private long base;
    private long spanMask;
    private long last;
    private long acc;
    private int level;
    private int shift;
    private int entryBytes;
    private int count;

    EntryRun() {}

    /**
     * Points the run at entries {@code firstOffset .. lastOffset} (byte offsets) of the table at
     * {@code table}, which cover {@code first .. last} at level {@code level}.
     */
    void set(RunDecoder decoder, PhysicalMemory mem, long table, int firstOffset, int lastOffset, long first,
            long last, long acc, int level, int shift, int entryBytes, boolean bigEndian) {
        int n = (lastOffset - firstOffset) / entryBytes + 1;
        this.decoder = decoder;
        this.firstEntry = table + firstOffset;
        direct = entryBytes == 8 && !bigEndian ? mem.directSegment(firstEntry, 8L * n) : null;
        if (direct != null) {
            directBase = mem.directOffset(direct, firstEntry);
        } else {
            if (entries.length < n) {
                entries = new long[Math.max(n, 512)]; // once per batch for most trees: their tables hold 512
            }
            mem.readEntries(firstEntry, entries, n, entryBytes, bigEndian);
        }
        this.first = first;
        this.last = last;
        this.acc = acc;
        this.level = level;
        this.shift = shift;
        this.spanMask = ~(-1L << shift);
        this.base = first & ~spanMask;
        this.entryBytes = entryBytes;
        this.count = n;
    }

    /** How many entries the run holds. */
    public int count() {
        return count;
    }

    /** The level of the run's table, 0 for the root table's. */
    public int level() {
        return level;
    }

    /** The first address the run covers (the walk's first, or its first entry's). */
    public long first() {
        return first;
    }

    /** The last address (inclusive) the run covers. */
    public long last() {
        return last;
    }

    /** The physical address of entry {@code i}. */
    public long entryAddress(int i) {
        return firstEntry + (long) i * entryBytes;
    }

    /** Entry {@code i}, raw. */
    public long entry(int i) {
        MemorySegment d = direct;
        return d != null ? d.get(PhysicalMemory.LONG_LE, directBase + ((long) i << 3)) : entries[i];
    }

    /** The first address of entry {@code i}'s span, clipped to the walk's range. */
    public long first(int i) {
        // Only the first entry is clipped at the start: a compare and a conditional move, no
        // branch on i, so that a consumer's loop keeps one shape for every entry.
        long start = base + ((long) i << shift);
        return Long.compareUnsigned(start, first) < 0 ? first : start;
    }

    /** The last address (inclusive) of entry {@code i}'s span, clipped to the walk's range. */
    public long last(int i) {
        long end = (base + ((long) i << shift)) | spanMask;
        return Long.compareUnsigned(end, last) > 0 ? last : end;
    }

    /** The bytes entry {@code i} covers within the walk's range ({@code last - first + 1}): a leaf's size. */
    public long size(int i) {
        return last(i) - first(i) + 1;
    }

    /** What {@code entry}, read as entry {@code i} ({@link #entry}), is. */
    public LeafBatch.Kind kind(long entry, int i) {
        return switch (decoder.runKind(level, entry, first(i))) {
            case RunDecoder.LEAF -> LeafBatch.Kind.LEAF;
            case RunDecoder.INVALID -> LeafBatch.Kind.HOLE;
            default -> LeafBatch.Kind.FAULT;
        };
    }

    /** Whether {@code entry}, read as entry {@code i}, is a leaf (the common case, without the enum). */
    public boolean isLeaf(long entry, int i) {
        return decoder.runKind(level, entry, first(i)) == RunDecoder.LEAF;
    }

    /** Whether {@code entry}, read as entry {@code i}, is invalid (part of a hole). */
    public boolean isInvalid(long entry, int i) {
        return decoder.runKind(level, entry, first(i)) == RunDecoder.INVALID;
    }

    /** The physical address leaf {@code entry}, read as entry {@code i}, maps {@link #first(int)} to; {@link TreeWalker#NO_MAPPING} if not a leaf. */
    public long pa(long entry, int i) {
        return decoder.runPa(level, entry, first(i));
    }

    /** Leaf {@code entry}'s packed attribute word, read as entry {@code i}; 0 if not a leaf. */
    public long attributes(long entry, int i) {
        return decoder.runAttributes(level, entry, first(i), acc);
    }

    /** {@link Failure#FAULT} or {@link Failure#NO_RULE} if {@code entry}, read as entry {@code i}, is a fault; null otherwise. */
    public Failure failure(long entry, int i) {
        return switch (decoder.runKind(level, entry, first(i))) {
            case RunDecoder.FAULT -> Failure.FAULT;
            case RunDecoder.NO_RULE -> Failure.NO_RULE;
            default -> null;
        };
    }

    /** A fault's message (from its {@code fault} rule); "" otherwise. */
    public String message(long entry, int i) {
        long a = first(i);
        return decoder.runKind(level, entry, a) == RunDecoder.FAULT ? decoder.runMessage(level, entry, a) : "";
    }

    /**
     * Passes the run's entries to a per-event visitor as the walk would have: leaves and faults
     * one by one, each run of invalid entries as one hole; false as soon as the visitor stops.
     */
    public boolean replay(WalkVisitor visitor) {
        // Through the public accessors, so that whatever checks a replay checks them too.
        long holeFirst = 0;
        boolean inHole = false;
        for (int i = 0; i < count; i++) {
            long e = entry(i);
            long a = first(i);
            LeafBatch.Kind kind = kind(e, i);
            if (kind == LeafBatch.Kind.HOLE) {
                if (!inHole) {
                    inHole = true;
                    holeFirst = a;
                }
                continue;
            }
            if (inHole) {
                inHole = false;
                if (!visitor.hole(holeFirst, a - 1, level)) {
                    return false;
                }
            }
            boolean go = kind == LeafBatch.Kind.LEAF
                    ? visitor.leaf(a, pa(e, i), size(i), level, e, attributes(e, i))
                    : visitor.fault(a, last(i), level, e, failure(e, i), message(e, i));
            if (!go) {
                return false;
            }
        }
        return !inHole || visitor.hole(holeFirst, last, level);
    }
}
