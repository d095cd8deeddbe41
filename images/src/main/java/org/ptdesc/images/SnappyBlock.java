package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A decoder of one raw Snappy block (not the framed stream format), what makedumpfile
 * {@code -p} stores for each page (flag {@code DUMP_DH_COMPRESSED_SNAPPY}). Written from
 * google/snappy's {@code format_description.txt}: a varint preamble giving the decoded length,
 * then elements whose tag byte's low two bits say literal (00), copy with a 1-byte offset (01,
 * length 4-11, offset 11 bits), with a 2-byte offset (10, length 1-64) or with a 4-byte offset
 * (11, length 1-64); a literal's length minus one is in the tag's upper six bits, or when they
 * are 60-63 in the 1-4 little-endian bytes after it.
 *
 * <p>Decisions: the preamble must announce exactly the page size and the elements must fill
 * exactly the page; offsets of 0 or reaching before the start are corrupt, as the format
 * description says. Every read and write is checked first, so corrupt input stops with a
 * {@link CorruptData} and nothing outside the page is touched; no buffer is allocated.
 */
final class SnappyBlock {

    private SnappyBlock() {
    }

    /**
     * Decodes {@code length} bytes of {@code in} into the first {@code size} bytes of
     * {@code page}.
     *
     * @throws CorruptData when the block is truncated, corrupt, or does not decode to exactly
     *     {@code size} bytes
     */
    static void decode(byte[] in, int length, MemorySegment page, int size) throws CorruptData {
        int ip = 0;
        long announced = 0;
        for (int shift = 0; ; shift += 7) {
            if (ip >= length) {
                throw new CorruptData(ip, "snappy: truncated in the length preamble");
            }
            if (shift > 28) {
                throw new CorruptData(ip, "snappy: the length preamble is longer than 5 bytes");
            }
            int b = in[ip++] & 0xff;
            announced |= (long) (b & 0x7f) << shift;
            if (b < 0x80) {
                break;
            }
        }
        if (announced != size) {
            throw new CorruptData(0, "snappy: the preamble announces " + announced + " bytes, not " + size);
        }
        int op = 0;
        while (ip < length) {
            int at = ip;
            int tag = in[ip++] & 0xff;
            int kind = tag & 3;
            if (kind == 0) {
                long count = (tag >>> 2) + 1;
                if (count > 60) {
                    int bytes = (int) count - 60;
                    if (bytes > length - ip) {
                        throw new CorruptData(at, "snappy: truncated in a literal's length");
                    }
                    count = 0;
                    for (int i = 0; i < bytes; i++) {
                        count |= (long) (in[ip++] & 0xff) << (8 * i);
                    }
                    count++;
                }
                if (count > length - ip) {
                    throw new CorruptData(at, "snappy: truncated: a literal of " + count + " bytes, "
                            + (length - ip) + " left");
                }
                if (count > size - op) {
                    throw new CorruptData(at, "snappy: a literal of " + count + " bytes at output byte " + op
                            + " overflows the " + size + "-byte page");
                }
                MemorySegment.copy(in, ip, page, ValueLayout.JAVA_BYTE, op, (int) count);
                ip += (int) count;
                op += (int) count;
                continue;
            }
            int offsetBytes = kind == 1 ? 1 : kind == 2 ? 2 : 4;
            if (offsetBytes > length - ip) {
                throw new CorruptData(at, "snappy: truncated in a copy's offset");
            }
            long offset = 0;
            for (int i = 0; i < offsetBytes; i++) {
                offset |= (long) (in[ip++] & 0xff) << (8 * i);
            }
            int count;
            if (kind == 1) {
                count = 4 + ((tag >>> 2) & 7);
                offset |= (long) (tag >>> 5) << 8;
            } else {
                count = (tag >>> 2) + 1;
            }
            if (offset == 0 || offset > op) {
                throw new CorruptData(at, "snappy: copy from offset " + offset + " at output byte " + op
                        + (offset == 0 ? " (offset 0 is invalid)" : " reaches before the start of the page"));
            }
            if (count > size - op) {
                throw new CorruptData(at, "snappy: copy of " + count + " bytes at output byte " + op
                        + " overflows the " + size + "-byte page");
            }
            BackReference.copy(page, op, (int) offset, count);
            op += count;
        }
        if (op != size) {
            throw new CorruptData(ip, "snappy: truncated: the elements give " + op + " bytes, not " + size);
        }
    }
}
