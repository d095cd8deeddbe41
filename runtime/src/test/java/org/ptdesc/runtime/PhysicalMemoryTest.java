package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.PhysicalMemory.Range;
import org.ptdesc.runtime.PhysicalMemory.Unreadable;

class PhysicalMemoryTest {

    private static final long TOP = 0xffff_ffff_ffff_ffffL;

    /** Bytes 0x00, 0x01, ... 0xff, 0x00, ... so that every read has a predictable value. */
    private static byte[] counting(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void flatSegmentReadsBothByteOrders() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(64)));
        assertEquals(0x0706050403020100L, mem.readLong(0));
        assertEquals(0x0001020304050607L, mem.readLongBigEndian(0));
        assertEquals(0x0b0a0908L, mem.readInt(8));
        assertEquals(0x08090a0bL, mem.readIntBigEndian(8));
        assertEquals(0x3f3e3d3c3b3a3938L, mem.readLong(56));
        assertEquals(List.of(new Range(0, 64, 0)), mem.ranges());
    }

    @Test
    void unalignedReads() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(64)));
        assertEquals(0x0807060504030201L, mem.readLong(1));
        assertEquals(0x06050403L, mem.readInt(3));
    }

    @Test
    void thirtyTwoBitReadsAreZeroExtended() {
        byte[] bytes = new byte[8];
        java.util.Arrays.fill(bytes, (byte) 0xff);
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(bytes));
        assertEquals(0xffff_ffffL, mem.readInt(0));
        assertEquals(0xffff_ffffL, mem.readIntBigEndian(4));
        assertEquals(-1L, mem.readLong(0));
    }

    /**
     * The flat reads a generated translate makes read what the memory's reads read, and refuse
     * (Unreadable) what they refuse, at every address around the segment and at the extremes.
     */
    @Test
    void flatReadsReadWhatTheMemoryReads() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(40)));
        MemorySegment flat = mem.flatSegmentOrNull();
        assertEquals(40, flat.byteSize());
        long longLimit = PhysicalMemory.flatLimit(flat, 8);
        long intLimit = PhysicalMemory.flatLimit(flat, 4);
        assertEquals(33, longLimit); // the last 8-byte read starts at 32
        assertEquals(37, intLimit);
        assertEquals(0x2726252423222120L, PhysicalMemory.readFlatLong(flat, longLimit, 32));
        assertEquals(0x2021222324252627L, PhysicalMemory.readFlatLongBigEndian(flat, longLimit, 32));
        assertEquals(0x27262524L, PhysicalMemory.readFlatInt(flat, intLimit, 36));
        assertEquals(0x24252627L, PhysicalMemory.readFlatIntBigEndian(flat, intLimit, 36));
        List<Long> addresses = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, TOP, TOP - 7, TOP - 3, 1L << 32));
        for (long pa = -16; pa <= 48; pa++) {
            addresses.add(pa);
        }
        for (long pa : addresses) {
            sameOrBothUnreadable(() -> mem.readLong(pa), () -> PhysicalMemory.readFlatLong(flat, longLimit, pa), pa);
            sameOrBothUnreadable(() -> mem.readLongBigEndian(pa),
                    () -> PhysicalMemory.readFlatLongBigEndian(flat, longLimit, pa), pa);
            sameOrBothUnreadable(() -> mem.readInt(pa), () -> PhysicalMemory.readFlatInt(flat, intLimit, pa), pa);
            sameOrBothUnreadable(() -> mem.readIntBigEndian(pa),
                    () -> PhysicalMemory.readFlatIntBigEndian(flat, intLimit, pa), pa);
        }
    }

    private static void sameOrBothUnreadable(java.util.function.LongSupplier memory, java.util.function.LongSupplier flat,
            long pa) {
        Long expected;
        try {
            expected = memory.getAsLong();
        } catch (Unreadable outside) {
            expected = null;
        }
        if (expected == null) {
            assertThrows(Unreadable.class, flat::getAsLong, () -> "flat read at 0x" + Long.toHexString(pa));
        } else {
            assertEquals(expected, flat.getAsLong(), () -> "flat read at 0x" + Long.toHexString(pa));
        }
    }

    /** Only memory that is one whole segment of at least 8 bytes at physical 0 is flat. */
    @Test
    void onlyOneWholeSegmentAtZeroIsFlat() {
        MemorySegment data = MemorySegment.ofArray(counting(64));
        assertSame(data, PhysicalMemory.of(data).flatSegmentOrNull());
        assertEquals(null, PhysicalMemory.of(data, 0x1000).flatSegmentOrNull());
        assertEquals(null, PhysicalMemory.of(MemorySegment.ofArray(counting(7))).flatSegmentOrNull());
        assertEquals(null, PhysicalMemory.of(data, List.of(new Range(0, 32, 0), new Range(32, 32, 32)), "two")
                .flatSegmentOrNull());
        assertEquals(null, PhysicalMemory.of(data, List.of(new Range(0, 56, 8)), "offset").flatSegmentOrNull());
        assertEquals(null, PhysicalMemory.of(data, List.of(new Range(0, 56, 0)), "short").flatSegmentOrNull());
    }

    @Test
    void lastEightBytesOfARangeAreReadableOnePastIsNot() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(32)), 0x1000);
        assertEquals(0x0706050403020100L, mem.readLong(0x1000));
        assertEquals(0x1f1e1d1c1b1a1918L, mem.readLong(0x1018));
        assertThrows(Unreadable.class, () -> mem.readLong(0x1019));
        assertThrows(Unreadable.class, () -> mem.readLong(0x0fff));
        assertThrows(Unreadable.class, () -> mem.readLong(0x0ff8));
        assertEquals(0x1f1e1d1cL, mem.readInt(0x101c));
        assertThrows(Unreadable.class, () -> mem.readInt(0x101d));
        assertTrue(mem.contains(0x1018, 8));
        assertFalse(mem.contains(0x1019, 8));
        assertTrue(mem.contains(0x101f, 1));
        assertFalse(mem.contains(0x1020, 1));
        assertFalse(mem.contains(0x0fff, 1));
    }

    @Test
    void readsAtAddressZero() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(8)));
        assertEquals(0x0706050403020100L, mem.readLong(0));
        assertThrows(Unreadable.class, () -> mem.readLong(1));
        assertThrows(Unreadable.class, () -> mem.readLong(-1));
        PhysicalMemory above = PhysicalMemory.of(MemorySegment.ofArray(counting(8)), 8);
        assertThrows(Unreadable.class, () -> above.readLong(0));
        assertFalse(above.contains(0, 8));
    }

    @Test
    void readsAtTheTopOfTheAddressSpace() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(16)), 0xffff_ffff_ffff_fff0L);
        assertEquals(0x0f0e0d0c0b0a0908L, mem.readLong(0xffff_ffff_ffff_fff8L));
        assertEquals(0x0f0e0d0cL, mem.readInt(0xffff_ffff_ffff_fffcL));
        // These reads would run past 2^64: unreadable, not wrapped around to address 0.
        assertThrows(Unreadable.class, () -> mem.readLong(0xffff_ffff_ffff_fff9L));
        assertThrows(Unreadable.class, () -> mem.readInt(TOP));
        assertTrue(mem.contains(TOP, 1));
        assertFalse(mem.contains(TOP, 2));
        assertFalse(mem.contains(0, 1));
    }

    @Test
    void rangeShorterThanTheReadIsUnreadableEverywhere() {
        // The fast path compares rel with length - size: for length 4 and size 8 that is
        // negative, i.e. huge unsigned; the length test must come first.
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(4)), 0x100);
        for (long pa = 0xf0; pa < 0x110; pa++) {
            long at = pa;
            assertThrows(Unreadable.class, () -> mem.readLong(at), () -> "pa 0x" + Long.toHexString(at));
            assertFalse(mem.contains(pa, 8));
        }
        assertEquals(0x03020100L, mem.readInt(0x100));
    }

    @Test
    void severalRangesSortedAndReadAtTheirBoundaries() {
        byte[] data = counting(96);
        // Given out of order; the backing offsets are deliberately not in address order.
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(data),
                List.of(new Range(0x9000, 16, 0), new Range(0x1000, 32, 40), new Range(0x5000, 8, 80)), "three");
        assertEquals(List.of(new Range(0x1000, 32, 40), new Range(0x5000, 8, 80), new Range(0x9000, 16, 0)),
                mem.ranges());
        assertEquals(0x2f2e2d2c2b2a2928L, mem.readLong(0x1000));
        assertEquals(0x4746454443424140L, mem.readLong(0x1018));
        assertThrows(Unreadable.class, () -> mem.readLong(0x1019));
        assertEquals(0x5756555453525150L, mem.readLong(0x5000));
        assertThrows(Unreadable.class, () -> mem.readLong(0x5001));
        assertThrows(Unreadable.class, () -> mem.readInt(0x4ffe));
        assertEquals(0x0706050403020100L, mem.readLong(0x9000));
        assertEquals(0x0f0e0d0c0b0a0908L, mem.readLong(0x9008));
        assertThrows(Unreadable.class, () -> mem.readLong(0x9009));
        assertThrows(Unreadable.class, () -> mem.readLong(0));
        assertThrows(Unreadable.class, () -> mem.readLong(0x8000));
        assertThrows(Unreadable.class, () -> mem.readLong(TOP - 7));
        assertTrue(mem.toString().startsWith("three "));
    }

    @Test
    void readsCrossAdjacentRanges() {
        // Stored out of order in the data, so that a read that merely ran on in the backing
        // segment would give the wrong bytes: 0x100.. is at offset 8, 0x108.. at offset 0.
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(16)),
                List.of(new Range(0x100, 8, 8), new Range(0x108, 4, 0), new Range(0x10c, 4, 12)), "adjacent");
        assertEquals(0x0f0e0d0c0b0a0908L, mem.readLong(0x100));
        // 0x104..0x10b: bytes 0c 0d 0e 0f from the first range, 00 01 02 03 from the second.
        assertEquals(0x030201000f0e0d0cL, mem.readLong(0x104));
        assertEquals(0x0c0d0e0f00010203L, mem.readLongBigEndian(0x104));
        assertEquals(0x0100_0f0eL, mem.readInt(0x106));
        // Through all three ranges: 0x10a..0x111 is 02 03 0c 0d 0e 0f, then nothing.
        assertTrue(mem.contains(0x100, 16));
        assertTrue(mem.contains(0x104, 12));
        assertFalse(mem.contains(0x104, 13));
        assertThrows(Unreadable.class, () -> mem.readLong(0x10a));
        assertEquals(0x0f0e0d0cL, mem.readInt(0x10c));
    }

    @Test
    void rangesWithAGapBetweenThemAreNotJoined() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(16)),
                List.of(new Range(0x100, 8, 0), new Range(0x109, 7, 8)), "gap");
        assertFalse(mem.contains(0x104, 8));
        assertThrows(Unreadable.class, () -> mem.readLong(0x104));
        assertThrows(Unreadable.class, () -> mem.readLongBigEndian(0x102));
    }

    @Test
    void overlappingRangesAreRejected() {
        MemorySegment data = MemorySegment.ofArray(new byte[64]);
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data,
                List.of(new Range(0x100, 16, 0), new Range(0x10f, 8, 16)), "overlap"));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data,
                List.of(new Range(0x100, 16, 0), new Range(0x100, 8, 16)), "same start"));
        // The earlier range ends exactly at 2^64, so its end computes as 0.
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data,
                List.of(new Range(TOP - 15, 16, 0), new Range(TOP - 7, 8, 16)), "overlap at the top"));
    }

    @Test
    void wrappingAndOutOfDataRangesAreRejected() {
        MemorySegment data = MemorySegment.ofArray(new byte[64]);
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data,
                List.of(new Range(TOP - 7, 16, 0)), "wraps"));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data,
                List.of(new Range(0, 16, 56)), "past the data"));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data,
                List.of(new Range(0, -1, 0)), "negative length"));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data,
                List.of(new Range(0, 8, -1)), "negative offset"));
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.of(data, 0xffff_ffff_ffff_fff0L));
    }

    @Test
    void memoryWithoutRangesReadsNothing() {
        PhysicalMemory empty = PhysicalMemory.of(MemorySegment.ofArray(new byte[0]));
        assertEquals(List.of(), empty.ranges());
        assertThrows(Unreadable.class, () -> empty.readLong(0));
        assertThrows(Unreadable.class, () -> empty.readInt(0));
        assertFalse(empty.contains(0, 1));
        PhysicalMemory none = PhysicalMemory.of(MemorySegment.ofArray(new byte[8]), List.of(), "none");
        assertThrows(Unreadable.class, () -> none.readLongBigEndian(0));
    }

    @Test
    void zeroLengthRangesAreDropped() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(8)),
                List.of(new Range(0x10, 0, 0), new Range(0x20, 8, 0)), "with an empty range");
        assertEquals(List.of(new Range(0x20, 8, 0)), mem.ranges());
        assertEquals(0x0706050403020100L, mem.readLong(0x20));
    }

    @Test
    void containsOfZeroBytesIsTrueAndNegativeSizesAreRejected() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(counting(8)), 0x100);
        assertTrue(mem.contains(0, 0));
        assertThrows(IllegalArgumentException.class, () -> mem.contains(0x100, -1));
        assertThrows(IllegalArgumentException.class, () -> mem.contains(0x100, -1L));
    }

    @Test
    @SuppressWarnings("restricted") // a segment of 8 GiB that is never read: reinterpret is safe here
    void containsTakesSpansLargerThanAnInt() {
        long big = 1L << 33;
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.NULL.reinterpret(big), 0x1000);
        assertTrue(mem.contains(0x1000, big));
        assertFalse(mem.contains(0x1000, big + 1));
        assertFalse(mem.contains(0x1001, big));
    }

    @Test
    void writesAreReadBack() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(new byte[16]), 0x40);
        mem.writeLong(0x40, 0x1122334455667788L, false);
        mem.writeLong(0x48, 0x1122334455667788L, true);
        assertEquals(0x1122334455667788L, mem.readLong(0x40));
        assertEquals(0x8877665544332211L, mem.readLongBigEndian(0x40));
        assertEquals(0x1122334455667788L, mem.readLongBigEndian(0x48));
        mem.writeInt(0x44, 0xcafe_f00d, true);
        assertEquals(0xcafe_f00dL, mem.readIntBigEndian(0x44));
        assertThrows(Unreadable.class, () -> mem.writeLong(0x49, 0, false));
    }

    @Test
    void writesToAReadOnlyImageAreRefused() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(new byte[16]).asReadOnly());
        assertThrows(UnsupportedOperationException.class, () -> mem.writeLong(0, 1, false));
    }

    @Test
    void unreadableIsOnePreallocatedExceptionWithoutStackTrace() {
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(new byte[8]));
        Unreadable first = assertThrows(Unreadable.class, () -> mem.readLong(8));
        Unreadable second = assertThrows(Unreadable.class, () -> mem.readInt(100));
        assertSame(first, second);
        assertEquals(0, first.getStackTrace().length);
    }

    @Test
    void toStringShowsTheFirstRangesOnly() {
        List<Range> ranges = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ranges.add(new Range(i * 0x1000L, 8, i * 8L));
        }
        PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(new byte[80]), ranges, "ten");
        assertEquals("ten [[0x0, +0x8), [0x1000, +0x8), [0x2000, +0x8), [0x3000, +0x8), [0x4000, +0x8),"
                + " [0x5000, +0x8), [0x6000, +0x8), [0x7000, +0x8), ... 2 more]", mem.toString());
        assertEquals("ten", mem.description());
    }

    /** Random ranges and reads against a model that checks every byte. */
    @Test
    void readsAgreeWithAByteByByteModel() {
        Random random = new Random(20261125);
        for (int round = 0; round < 200; round++) {
            int count = 1 + random.nextInt(6);
            byte[] data = new byte[count * 64];
            random.nextBytes(data);
            List<Range> ranges = new ArrayList<>();
            long pa = random.nextBoolean() ? 0 : random.nextLong() & ~0xffffL;
            for (int i = 0; i < count && Long.compareUnsigned(pa, -(1L << 12)) < 0; i++) {
                long length = 1 + random.nextInt(64);
                ranges.add(new Range(pa, length, i * 64L));
                pa += length + (random.nextBoolean() ? 0 : random.nextInt(32));
            }
            PhysicalMemory mem = PhysicalMemory.of(MemorySegment.ofArray(data), ranges, "random");
            for (int probe = 0; probe < 200; probe++) {
                Range near = ranges.get(random.nextInt(ranges.size()));
                long at = near.start() + random.nextInt((int) near.length() + 16) - 8;
                checkAgainstModel(mem, ranges, data, at);
            }
        }
    }

    /** The model: every byte from whichever range holds it, so reads cross adjacent ranges. */
    private static void checkAgainstModel(PhysicalMemory mem, List<Range> ranges, byte[] data, long at) {
        for (int size : new int[] {4, 8}) {
            long little = 0;
            long big = 0;
            boolean readable = Long.compareUnsigned(at, -1L - (size - 1)) <= 0;
            for (int k = 0; k < size && readable; k++) {
                long pa = at + k;
                Range holder = null;
                for (Range r : ranges) {
                    if (Long.compareUnsigned(pa - r.start(), r.length()) < 0) {
                        holder = r;
                    }
                }
                if (holder == null) {
                    readable = false;
                    break;
                }
                long b = data[(int) (holder.offset() + (pa - holder.start()))] & 0xff;
                little |= b << (8 * k);
                big = (big << 8) | b;
            }
            boolean expectReadable = readable;
            assertEquals(expectReadable, mem.contains(at, size), () -> "contains 0x" + Long.toHexString(at));
            if (!expectReadable) {
                if (size == 8) {
                    assertThrows(Unreadable.class, () -> mem.readLong(at));
                    assertThrows(Unreadable.class, () -> mem.readLongBigEndian(at));
                } else {
                    assertThrows(Unreadable.class, () -> mem.readInt(at));
                    assertThrows(Unreadable.class, () -> mem.readIntBigEndian(at));
                }
                continue;
            }
            assertEquals(little, size == 8 ? mem.readLong(at) : mem.readInt(at));
            assertEquals(big, size == 8 ? mem.readLongBigEndian(at) : mem.readIntBigEndian(at));
        }
    }

    /**
     * {@code readEntries}, the bulk read of an {@link EntryRun} that is copied, gives what reads
     * one by one give: from a flat memory, from the first range, across two adjacent ranges
     * (one read each), 8 and 4 bytes wide, both byte orders; and throws outside every range.
     */
    @Test
    void readEntriesAgreesWithReadsOneByOne() {
        MemorySegment data = MemorySegment.ofArray(new byte[0x3000]);
        Random random = new Random(0xe17);
        for (long i = 0; i < data.byteSize(); i++) {
            data.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
        }
        PhysicalMemory flat = PhysicalMemory.of(data);
        // 0x1000..0x17ff at offset 0x2000, 0x1800..0x1fff at offset 0x0: adjacent, not contiguous in data.
        PhysicalMemory split = PhysicalMemory.of(data, List.of(new Range(0x1000, 0x800, 0x2000), new Range(0x1800, 0x800, 0x0)), "split");
        for (PhysicalMemory mem : List.of(flat, split)) {
            for (int width : new int[] {8, 4}) {
                for (boolean big : new boolean[] {false, true}) {
                    for (long pa : new long[] {0x1100, 0x1700}) { // within the split's first range, across its two
                        int count = 0x200 / width;
                        long[] bulk = new long[count];
                        mem.readEntries(pa, bulk, count, width, big);
                        for (int k = 0; k < count; k++) {
                            long at = pa + (long) k * width;
                            long one = width == 8 ? (big ? mem.readLongBigEndian(at) : mem.readLong(at))
                                    : (big ? mem.readIntBigEndian(at) : mem.readInt(at));
                            assertEquals(one, bulk[k], mem + " width " + width + (big ? " big" : " little") + " entry " + k);
                        }
                    }
                }
            }
        }
        assertThrows(Unreadable.class, () -> split.readEntries(0x1f00, new long[64], 64, 8, false));
    }
}
