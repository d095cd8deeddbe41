package org.ptdesc.runtime;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The physical memory a tree lives in: one or more physical address ranges, each backed by a
 * part of a {@link MemorySegment} (a flat array, a memory-mapped raw file, the {@code PT_LOAD}
 * segments of an ELF core dump). Walkers read entries through it; a read outside every range
 * throws the preallocated {@link Unreadable}, which walkers turn into a reported fault, so it
 * never escapes a walk.
 *
 * <p>Final, with the one-range case checked first, so that the JIT inlines a read down to the
 * segment access a hand-written walker would make.
 */
public final class PhysicalMemory {

    private static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment data;
    /** Physical start of each range, sorted ascending; ranges do not overlap. */
    private final long[] starts;
    /** Length in bytes of each range. */
    private final long[] lengths;
    /** Offset in {@link #data} of each range's first byte. */
    private final long[] offsets;
    private final String description;

    private PhysicalMemory(MemorySegment data, long[] starts, long[] lengths, long[] offsets, String description) {
        this.data = data;
        this.starts = starts;
        this.lengths = lengths;
        this.offsets = offsets;
        this.description = description;
    }

    /** Memory whose physical address {@code x} is byte {@code x} of {@code segment}. */
    public static PhysicalMemory of(MemorySegment segment) {
        return new PhysicalMemory(segment, new long[] {0}, new long[] {segment.byteSize()}, new long[] {0},
                "flat segment of " + segment.byteSize() + " bytes");
    }

    /** Memory whose physical address {@code base + x} is byte {@code x} of {@code segment}. */
    public static PhysicalMemory of(MemorySegment segment, long base) {
        return of(segment, List.of(new Range(base, segment.byteSize(), 0)), "segment at 0x" + Long.toHexString(base));
    }

    /**
     * Memory made of several physical ranges of one backing segment, as in an ELF core dump.
     *
     * @throws IllegalArgumentException if ranges overlap, wrap around the top of the physical
     *     address space, or lie outside {@code data}
     */
    public static PhysicalMemory of(MemorySegment data, List<Range> ranges, String description) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.removeIf(r -> r.length() == 0);
        sorted.sort(Comparator.comparing(Range::start, Long::compareUnsigned));
        int n = sorted.size();
        long[] s = new long[n];
        long[] l = new long[n];
        long[] o = new long[n];
        for (int i = 0; i < n; i++) {
            Range r = sorted.get(i);
            if (r.length() < 0 || r.offset() < 0 || r.offset() > data.byteSize() - r.length()) {
                throw new IllegalArgumentException("range " + r + " lies outside the " + data.byteSize() + " bytes of data");
            }
            if (Long.compareUnsigned(r.start() + r.length() - 1, r.start()) < 0) {
                throw new IllegalArgumentException("range " + r + " wraps around the top of the address space");
            }
            if (i > 0 && Long.compareUnsigned(r.start(), s[i - 1] + l[i - 1]) < 0) {
                throw new IllegalArgumentException("range " + r + " overlaps " + sorted.get(i - 1));
            }
            s[i] = r.start();
            l[i] = r.length();
            o[i] = r.offset();
        }
        return new PhysicalMemory(data, s, l, o, description);
    }

    /** A physical range: {@code length} bytes at physical {@code start}, stored at {@code offset} of the data. */
    public record Range(long start, long length, long offset) {
        @Override
        public String toString() {
            return "[0x" + Long.toHexString(start) + ", +0x" + Long.toHexString(length) + ")";
        }
    }

    /** The physical ranges, in ascending order. */
    public List<Range> ranges() {
        Range[] out = new Range[starts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Range(starts[i], lengths[i], offsets[i]);
        }
        return List.of(out);
    }

    /** True when all {@code size} bytes from {@code pa} are readable. */
    public boolean contains(long pa, int size) {
        return offsetOf(pa, size) >= 0;
    }

    /** Reads a little-endian 64-bit value. @throws Unreadable when outside every range */
    public long readLong(long pa) {
        return data.get(LONG_LE, offsetOrThrow(pa, 8));
    }

    /** Reads a big-endian 64-bit value. @throws Unreadable when outside every range */
    public long readLongBigEndian(long pa) {
        return data.get(LONG_BE, offsetOrThrow(pa, 8));
    }

    /** Reads a little-endian 32-bit value, zero-extended. @throws Unreadable when outside every range */
    public long readInt(long pa) {
        return Integer.toUnsignedLong(data.get(INT_LE, offsetOrThrow(pa, 4)));
    }

    /** Reads a big-endian 32-bit value, zero-extended. @throws Unreadable when outside every range */
    public long readIntBigEndian(long pa) {
        return Integer.toUnsignedLong(data.get(INT_BE, offsetOrThrow(pa, 4)));
    }

    /** Writes a 64-bit value (for building trees in tests and tools). */
    public void writeLong(long pa, long value, boolean bigEndian) {
        data.set(bigEndian ? LONG_BE : LONG_LE, offsetOrThrow(pa, 8), value);
    }

    /** Writes a 32-bit value (for building trees in tests and tools). */
    public void writeInt(long pa, int value, boolean bigEndian) {
        data.set(bigEndian ? INT_BE : INT_LE, offsetOrThrow(pa, 4), value);
    }

    private long offsetOrThrow(long pa, int size) {
        // The common case, one range (a flat segment or a raw file), without a loop.
        long rel = pa - starts[0];
        if (Long.compareUnsigned(rel, lengths[0] - size) <= 0 && lengths[0] >= size) {
            return offsets[0] + rel;
        }
        long off = offsetOf(pa, size);
        if (off < 0) {
            throw Unreadable.INSTANCE;
        }
        return off;
    }

    private long offsetOf(long pa, int size) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], pa) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        int i = lo - 1;
        if (i < 0) {
            return -1;
        }
        long rel = pa - starts[i];
        if (lengths[i] < size || Long.compareUnsigned(rel, lengths[i] - size) > 0) {
            return -1;
        }
        return offsets[i] + rel;
    }

    @Override
    public String toString() {
        return description + " " + Arrays.toString(ranges().toArray());
    }

    /**
     * Thrown by reads outside every range. Preallocated and without a stack trace: walkers
     * catch it and report a fault, so it costs nothing on the paths that never fault.
     */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unreadable INSTANCE = new Unreadable();

        private Unreadable() {
            super("physical address outside every range of the memory image", null, false, false);
        }
    }
}
