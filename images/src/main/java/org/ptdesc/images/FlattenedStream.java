package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.ptdesc.runtime.image.ImageFormatException;

/**
 * A makedumpfile flattened stream ({@code makedumpfile -F}, and QEMU's {@code dump-guest-memory
 * -z/-l/-s}) read as the file it describes, without rearranging it. The stream is a 4096-byte
 * header ({@code makedumpfile} signature, type 1, version 1, big-endian) followed by records,
 * each a big-endian {@code (offset, size)} pair and {@code size} bytes to be written at
 * {@code offset} of the rearranged file, and an end marker whose offset and size are both -1
 * (makedumpfile's {@code makedumpfile_header} and {@code makedumpfile_data_header}).
 *
 * <p>The records are indexed once, when the stream is opened: three longs per record, sorted
 * by offset in the rearranged file, so that a read is a binary search and a copy from the
 * stream. A record that overlaps earlier ones wins over them, as it would when
 * {@code makedumpfile -R} writes the records in order; bytes no record covers read as zeros, as
 * the holes of the rearranged file would. A stream without its end marker is refused as
 * truncated.
 */
public final class FlattenedStream implements ByteSource {

    /** The flattened header's size: records start here. */
    static final int HEADER_SIZE = 4096;
    private static final int RECORD_HEADER = 16;
    private static final ValueLayout.OfLong BIG_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final byte[] SIGNATURE = "makedumpfile\0".getBytes(StandardCharsets.ISO_8859_1);

    private final MemorySegment stream;
    private final String name;
    private final long[] starts;
    private final long[] lengths;
    private final long[] streamOffsets;
    private final long size;

    private FlattenedStream(MemorySegment stream, String name, long[] starts, long[] lengths, long[] streamOffsets) {
        this.stream = stream;
        this.name = name;
        this.starts = starts;
        this.lengths = lengths;
        this.streamOffsets = streamOffsets;
        long end = 0;
        for (int i = 0; i < starts.length; i++) {
            end = Math.max(end, starts[i] + lengths[i]);
        }
        this.size = end;
    }

    /** Whether {@code head} starts with the flattened format's signature. */
    public static boolean recognises(MemorySegment head) {
        if (head.byteSize() < SIGNATURE.length) {
            return false;
        }
        return MemorySegment.mismatch(head, 0, SIGNATURE.length, MemorySegment.ofArray(SIGNATURE), 0,
                SIGNATURE.length) == -1;
    }

    /**
     * Indexes the records of a flattened stream.
     *
     * @throws ImageFormatException when the header is wrong, a record is malformed or extends
     *     past the end of the stream, or the end marker is missing
     */
    public static FlattenedStream index(MemorySegment stream, String name) throws ImageFormatException {
        long streamSize = stream.byteSize();
        if (!recognises(stream)) {
            throw new ImageFormatException(name, "not a makedumpfile flattened stream: no 'makedumpfile' signature");
        }
        if (streamSize < HEADER_SIZE) {
            throw new ImageFormatException(name, "truncated: flattened header (" + HEADER_SIZE
                    + " bytes) extends past end of file (" + streamSize + " bytes)");
        }
        long type = stream.get(BIG_LONG, 16);
        long version = stream.get(BIG_LONG, 24);
        if (type != 1) {
            throw new ImageFormatException(name, "flattened header: type " + type + ", expected 1 (TYPE_FLAT_HEADER)");
        }
        if (version != 1) {
            throw new ImageFormatException(name, "flattened header: unsupported version " + version + ", expected 1");
        }
        Records records = new Records();
        long at = HEADER_SIZE;
        boolean ended = false;
        while (at < streamSize) {
            if (streamSize - at < RECORD_HEADER) {
                throw new ImageFormatException(name, "truncated: flattened record header at offset 0x"
                        + Long.toHexString(at) + " extends past end of file (" + streamSize + " bytes)");
            }
            long offset = stream.get(BIG_LONG, at);
            long length = stream.get(BIG_LONG, at + 8);
            if (offset == -1 && length == -1) {
                ended = true;
                break;
            }
            if (offset < 0 || length < 0) {
                throw new ImageFormatException(name, "flattened record at offset 0x" + Long.toHexString(at)
                        + ": negative offset " + offset + " or size " + length);
            }
            if (length > streamSize - at - RECORD_HEADER) {
                throw new ImageFormatException(name, "truncated: flattened record at offset 0x" + Long.toHexString(at)
                        + " holds 0x" + Long.toHexString(length) + " bytes but the file ends at 0x"
                        + Long.toHexString(streamSize));
            }
            if (offset > Long.MAX_VALUE - length) {
                throw new ImageFormatException(name, "flattened record at offset 0x" + Long.toHexString(at)
                        + ": offset 0x" + Long.toHexString(offset) + " + size 0x" + Long.toHexString(length)
                        + " overflows");
            }
            if (length > 0) {
                records.add(offset, length, at + RECORD_HEADER);
            }
            at += RECORD_HEADER + length;
        }
        if (!ended) {
            throw new ImageFormatException(name, "truncated: the flattened stream ends at 0x" + Long.toHexString(at)
                    + " without its end marker (offset -1, size -1)");
        }
        return records.index(stream, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long size() {
        return size;
    }

    /** The number of pieces the index holds, after overlaps were resolved. */
    int pieces() {
        return starts.length;
    }

    @Override
    public void read(long offset, byte[] target, int at, int length, String what) throws ImageFormatException {
        if (!holds(offset, length)) {
            throw pastEnd(offset, length, what);
        }
        long position = offset;
        long end = offset + length;
        int piece = pieceAtOrBefore(position);
        while (position < end) {
            int into = at + (int) (position - offset);
            if (piece >= 0 && position < starts[piece] + lengths[piece]) {
                long n = Math.min(end, starts[piece] + lengths[piece]) - position;
                MemorySegment.copy(stream, ValueLayout.JAVA_BYTE, streamOffsets[piece] + (position - starts[piece]),
                        target, into, (int) n);
                position += n;
            } else {
                // A hole up to the next piece (or the end of the read): zeros, as in the rearranged file.
                long next = piece + 1 < starts.length ? Math.min(end, starts[piece + 1]) : end;
                Arrays.fill(target, into, into + (int) (next - position), (byte) 0);
                position = next;
            }
            if (piece + 1 < starts.length && position >= starts[piece + 1]) {
                piece++;
            }
        }
    }

    /** The index of the last piece starting at or before {@code offset}, or -1. */
    private int pieceAtOrBefore(long offset) {
        int found = Arrays.binarySearch(starts, offset);
        return found >= 0 ? found : -found - 2;
    }

    /** The records as they are read, then sorted and, when some overlap, painted in order. */
    private static final class Records {
        private long[] starts = new long[1024];
        private long[] lengths = new long[1024];
        private long[] streamOffsets = new long[1024];
        private int count;
        private boolean ordered = true;

        void add(long start, long length, long streamOffset) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
                streamOffsets = Arrays.copyOf(streamOffsets, count * 2);
            }
            if (count > 0 && start < starts[count - 1] + lengths[count - 1]) {
                ordered = false;
            }
            starts[count] = start;
            lengths[count] = length;
            streamOffsets[count] = streamOffset;
            count++;
        }

        FlattenedStream index(MemorySegment stream, String name) {
            if (ordered) {
                return new FlattenedStream(stream, name, Arrays.copyOf(starts, count), Arrays.copyOf(lengths, count),
                        Arrays.copyOf(streamOffsets, count));
            }
            // Out of order or overlapping (nothing in the format forbids writing a region twice):
            // paint the records in stream order onto a map of disjoint pieces, each later record
            // cutting away what it covers of the earlier ones, as a rearranging writer would.
            TreeMap<Long, long[]> pieces = new TreeMap<>();
            for (int i = 0; i < count; i++) {
                paint(pieces, starts[i], lengths[i], streamOffsets[i]);
            }
            long[] s = new long[pieces.size()];
            long[] l = new long[pieces.size()];
            long[] o = new long[pieces.size()];
            int i = 0;
            for (Map.Entry<Long, long[]> piece : pieces.entrySet()) {
                s[i] = piece.getKey();
                l[i] = piece.getValue()[0];
                o[i] = piece.getValue()[1];
                i++;
            }
            return new FlattenedStream(stream, name, s, l, o);
        }

        /** Puts {@code [start, start + length)} over whatever pieces it overlaps; values are {length, streamOffset}. */
        private static void paint(TreeMap<Long, long[]> pieces, long start, long length, long streamOffset) {
            long end = start + length;
            Map.Entry<Long, long[]> before = pieces.lowerEntry(start);
            if (before != null && before.getKey() + before.getValue()[0] > start) {
                long beforeEnd = before.getKey() + before.getValue()[0];
                before.getValue()[0] = start - before.getKey();
                if (beforeEnd > end) {
                    pieces.put(end, new long[] {beforeEnd - end, before.getValue()[1] + (end - before.getKey())});
                }
            }
            while (true) {
                Map.Entry<Long, long[]> inside = pieces.ceilingEntry(start);
                if (inside == null || inside.getKey() >= end) {
                    break;
                }
                pieces.remove(inside.getKey());
                long insideEnd = inside.getKey() + inside.getValue()[0];
                if (insideEnd > end) {
                    pieces.put(end, new long[] {insideEnd - end, inside.getValue()[1] + (end - inside.getKey())});
                    break;
                }
            }
            pieces.put(start, new long[] {length, streamOffset});
        }
    }
}
