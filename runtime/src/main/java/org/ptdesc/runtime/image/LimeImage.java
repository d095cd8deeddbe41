package org.ptdesc.runtime.image;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * Reads a LiME image (the Linux Memory Extractor's {@code format=lime}): a sequence of ranges,
 * each a 32-byte header followed by the range's bytes. The header, as the LiME project's
 * documentation specifies it ("LiME Memory Range Header Version 1"), holds, little-endian:
 * {@code magic} 0x4C694D45 (the bytes {@code EMiL}), {@code version} 1, {@code s_addr} and
 * {@code e_addr}, the first and the last (inclusive) physical address of the range, and 8
 * reserved bytes. The data of a range is {@code e_addr - s_addr + 1} bytes; the next header
 * follows at once. LiME writes in the host's byte order; only little-endian files (every
 * architecture LiME is used on in practice) are read.
 *
 * <p>Bounded: every range must lie inside the file (a header that claims more is refused
 * before anything is allocated for it), the file must end exactly after the last range, and
 * ranges must not overlap; the number of ranges is at most the file's size over 32.
 */
final class LimeImage {

    private static final int HEADER = 32;
    private static final int MAGIC = 0x4C694D45;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A range header: its number, its file offset, and the range it describes. */
    private record Header(int index, long at, long first, long last) {}

    private LimeImage() {}

    static PhysicalMemory read(MemorySegment data, String name) throws ImageFormatException {
        long size = data.byteSize();
        List<Header> headers = new ArrayList<>();
        long at = 0;
        while (at < size) {
            int index = headers.size();
            String where = "range header " + index + " at file offset 0x" + Long.toHexString(at);
            if (size - at < HEADER) {
                throw new ImageFormatException(name, "truncated: " + where + " extends past end of file (" + size
                        + " bytes)");
            }
            int magic = data.get(U32, at);
            if (magic != MAGIC) {
                throw new ImageFormatException(name, where + ": bad magic 0x" + Integer.toHexString(magic)
                        + " (expected 0x4c694d45)");
            }
            int version = data.get(U32, at + 4);
            if (version != 1) {
                throw new ImageFormatException(name, where + ": unsupported version " + Integer.toUnsignedString(version)
                        + " (expected 1)");
            }
            long first = data.get(U64, at + 8);
            long last = data.get(U64, at + 16);
            if (Long.compareUnsigned(last, first) < 0) {
                throw new ImageFormatException(name, where + ": e_addr 0x" + Long.toHexString(last)
                        + " is below s_addr 0x" + Long.toHexString(first));
            }
            long length = last - first + 1; // 0 when the range is all 2^64 bytes
            long remaining = size - at - HEADER;
            if (length == 0 || Long.compareUnsigned(length, remaining) > 0) {
                throw new ImageFormatException(name, "truncated: " + where + ": range 0x" + Long.toHexString(first)
                        + "..0x" + Long.toHexString(last) + " extends past end of file (" + size + " bytes)");
            }
            headers.add(new Header(index, at, first, last));
            at += HEADER + length;
        }
        List<Header> sorted = new ArrayList<>(headers);
        sorted.sort(Comparator.comparing(Header::first, Long::compareUnsigned));
        List<PhysicalMemory.Range> ranges = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            Header h = sorted.get(i);
            if (i > 0 && Long.compareUnsigned(h.first(), sorted.get(i - 1).last()) <= 0) {
                Header before = sorted.get(i - 1);
                throw new ImageFormatException(name, "range headers " + Math.min(before.index(), h.index()) + " and "
                        + Math.max(before.index(), h.index()) + " overlap at physical 0x" + Long.toHexString(h.first()));
            }
            ranges.add(new PhysicalMemory.Range(h.first(), h.last() - h.first() + 1, h.at() + HEADER));
        }
        return PhysicalMemory.of(data, ranges, name + ": LiME image, " + headers.size() + " range"
                + (headers.size() == 1 ? "" : "s"));
    }
}
