package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A decoder of one LZO1X block, the output of liblzo2's {@code lzo1x_1_compress} that
 * makedumpfile {@code -l} stores for each page (flag {@code DUMP_DH_COMPRESSED_LZO}). Written
 * from the bitstream as the Linux kernel documents it ("LZO stream format as understood by
 * Linux's LZO decompressor", Documentation/staging/lzo.rst): instructions that copy literals
 * from the input or copy earlier output, each match followed by 0 to 3 literals whose count
 * (the "state") changes the meaning of the next instruction's small opcodes, and the end of
 * the stream marked by a far copy at distance 16384 ({@code 0x11 0x00 0x00}).
 *
 * <p>Decisions: the block must decode to exactly the page, end with the end-of-stream marker
 * and have nothing after it; the version byte of the kernel's LZO-RLE variant is not accepted
 * (liblzo2 never writes it). Every read of the input and every write of the output is checked
 * first, so corrupt input stops with a {@link CorruptData} and nothing outside the page is
 * touched. No buffer is allocated (only this small cursor object per page): literals and
 * matches are copied straight into the page.
 */
final class Lzo1xBlock {

    /** Distances of the 0001HLLL far copy start here; exactly this distance ends the stream. */
    private static final int FAR_DISTANCE = 16384;
    /** Distances of the three-byte short copy after four or more literals start here. */
    private static final int AFTER_LITERALS_DISTANCE = 2049;

    private final byte[] in;
    private final int length;
    private final MemorySegment page;
    private final int size;
    private int ip;
    private int op;

    private Lzo1xBlock(byte[] in, int length, MemorySegment page, int size) {
        this.in = in;
        this.length = length;
        this.page = page;
        this.size = size;
    }

    /**
     * Decodes {@code length} bytes of {@code in} into the first {@code size} bytes of
     * {@code page}.
     *
     * @throws CorruptData when the block is truncated, corrupt, or does not decode to exactly
     *     {@code size} bytes
     */
    static void decode(byte[] in, int length, MemorySegment page, int size) throws CorruptData {
        new Lzo1xBlock(in, length, page, size).run();
    }

    private void run() throws CorruptData {
        // state: how many literals the last instruction copied, 4 standing for "4 or more".
        int state = 0;
        int first = peek();
        if (first > 17) {
            // The first byte may only start a literal run: there is nothing yet to copy from.
            ip++;
            int count = first - 17;
            literals(count, 0);
            state = Math.min(count, 4);
        }
        while (true) {
            int at = ip;
            int t = next();
            int matchLength;
            int distance;
            int trailing;
            if (t >= 64) {
                // 1LLDDDSS: 5-8 bytes, or 01LDDDSS: 3-4 bytes; both within 2 KiB.
                matchLength = t >= 128 ? 5 + ((t >>> 5) & 3) : 3 + ((t >>> 5) & 1);
                distance = (next() << 3) + ((t >>> 2) & 7) + 1;
                trailing = t & 3;
            } else if (t >= 32) {
                // 001LLLLL + LE16: within 16 KiB.
                matchLength = 2 + extendedLength(t & 31, 31, at);
                int word = nextLe16();
                distance = (word >>> 2) + 1;
                trailing = word & 3;
            } else if (t >= 16) {
                // 0001HLLL + LE16: 16 to 48 KiB, or the end of the stream.
                matchLength = 2 + extendedLength(t & 7, 7, at);
                int word = nextLe16();
                distance = FAR_DISTANCE + ((t & 8) << 11) + (word >>> 2);
                trailing = word & 3;
                if (distance == FAR_DISTANCE) {
                    end(at);
                    return;
                }
            } else if (state == 0) {
                // 0000LLLL after no literals: a run of 4 or more literals.
                literals(3 + extendedLength(t, 15, at), at);
                state = 4;
                continue;
            } else {
                // 0000DDSS after literals: 2 bytes within 1 KiB, or 3 bytes at 2-3 KiB after 4 or more.
                matchLength = state < 4 ? 2 : 3;
                distance = (next() << 2) + (t >>> 2) + (state < 4 ? 1 : AFTER_LITERALS_DISTANCE);
                trailing = t & 3;
            }
            match(distance, matchLength, at);
            literals(trailing, at);
            state = trailing;
        }
    }

    /** The low opcode bits, or when they are 0, {@code mask} plus 255 per zero byte plus the first non-zero byte. */
    private int extendedLength(int low, int mask, int at) throws CorruptData {
        if (low != 0) {
            return low;
        }
        int n = mask;
        int b;
        while ((b = next()) == 0) {
            n += 255;
            if (n > size) {
                throw new CorruptData(at, "lzo: a length of more than " + n + " bytes overflows the "
                        + size + "-byte page");
            }
        }
        return n + b;
    }

    private void literals(int count, int at) throws CorruptData {
        if (count > length - ip) {
            throw new CorruptData(at, "lzo: truncated: " + count + " literal bytes announced, "
                    + (length - ip) + " left");
        }
        if (count > size - op) {
            throw new CorruptData(at, "lzo: " + count + " literal bytes at output byte " + op
                    + " overflow the " + size + "-byte page");
        }
        MemorySegment.copy(in, ip, page, ValueLayout.JAVA_BYTE, op, count);
        ip += count;
        op += count;
    }

    private void match(int distance, int count, int at) throws CorruptData {
        if (distance > op) {
            throw new CorruptData(at, "lzo: copy from distance " + distance + " at output byte " + op
                    + " reaches before the start of the page");
        }
        if (count > size - op) {
            throw new CorruptData(at, "lzo: copy of " + count + " bytes at output byte " + op
                    + " overflows the " + size + "-byte page");
        }
        BackReference.copy(page, op, distance, count);
        op += count;
    }

    private void end(int at) throws CorruptData {
        if (op != size) {
            throw new CorruptData(at, "lzo: the stream ends after " + op + " bytes, not " + size);
        }
        if (ip != length) {
            throw new CorruptData(ip, "lzo: " + (length - ip) + " bytes after the end-of-stream marker");
        }
    }

    private int peek() throws CorruptData {
        if (ip >= length) {
            throw new CorruptData(ip, "lzo: truncated: the stream ends without its end-of-stream marker");
        }
        return in[ip] & 0xff;
    }

    private int next() throws CorruptData {
        int b = peek();
        ip++;
        return b;
    }

    private int nextLe16() throws CorruptData {
        int low = next();
        return low | next() << 8;
    }
}
