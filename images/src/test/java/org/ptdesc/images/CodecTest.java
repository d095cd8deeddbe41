package org.ptdesc.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Page decoding on data made by hand from the formats' descriptions and by the reference
 * tools: the {@code zstd} command line tool (makedumpfile's {@code -z} writes one zstd frame per
 * page) and the JDK's zlib (QEMU and makedumpfile call zlib's {@code compress2}). The random and
 * hostile cases are in {@link CodecRoundTripTest}.
 */
class CodecTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CodecTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Decodes into a page of {@code size} bytes followed by a guard that must stay untouched. */
    static byte[] decode(PageCodec codec, byte[] stored, int size) throws CorruptData {
        byte[] target = new byte[size + 64];
        Arrays.fill(target, (byte) 0x5a);
        try {
            codec.decode(stored, stored.length, MemorySegment.ofArray(target), size);
        } finally {
            for (int i = size; i < target.length; i++) {
                assertEquals((byte) 0x5a, target[i], codec.label() + " wrote past the page at " + i);
            }
        }
        return Arrays.copyOf(target, size);
    }

    @Test
    void lzoBlocksWrittenByHandDecode() throws CorruptData {
        // 22 = 17 + 5: the first byte's literal run of 5; then 1LLDDDSS with LL=0 (length 5),
        // DDD=4 and the next byte 0 (distance (0 << 3) + 4 + 1 = 5), SS=0; then 0x11 0 0, the end.
        byte[] copy = concat(bytes(22), ascii("netty"), bytes(0x90, 0x00, 0x11, 0x00, 0x00));
        assertArrayEquals(ascii("nettynetty"), decode(PageCodec.LZO, copy, 10));
        // 19 = 17 + 2: "ab", state 2; 1LLDDDSS with LL=3 (length 8), DDD=1 (distance 2): a run.
        byte[] run = concat(bytes(19), ascii("ab"), bytes(0xe4, 0x00, 0x11, 0x00, 0x00));
        assertArrayEquals(ascii("ababababab"), decode(PageCodec.LZO, run, 10));
        // 0000LLLL after no literals: length 3 + 15 + 255 (one zero byte) + 2 = 275 literals,
        // then 001LLLLL with L=0 and the byte 3 (length 2 + 31 + 3 = 36) and LE16 0x0004
        // (distance (4 >> 2) + 1 = 2, SS=0); then the end.
        byte[] literals = new byte[275];
        for (int i = 0; i < literals.length; i++) {
            literals[i] = (byte) ('a' + i % 26);
        }
        byte[] longRun = concat(bytes(0x00, 0x00, 0x02), literals, bytes(0x20, 0x03, 0x04, 0x00, 0x11, 0x00, 0x00));
        byte[] expected = Arrays.copyOf(literals, 275 + 36);
        for (int i = 275; i < expected.length; i++) {
            expected[i] = expected[i - 2];
        }
        assertArrayEquals(expected, decode(PageCodec.LZO, longRun, 311));
    }

    /** {@code n} literal bytes: a to z over and over. */
    static byte[] letters(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void lzoShortCopiesAfterLiteralsDependOnHowManyLiteralsThereWere() throws CorruptData {
        // 18 = 17 + 1: one literal, state 1; then 0000DDSS = 0x00 and H = 0: after 1 to 3
        // literals a 2-byte copy from distance (0 << 2) + 0 + 1 = 1; then the end: "aaa".
        assertArrayEquals(ascii("aaa"), decode(PageCodec.LZO, concat(bytes(18, 'a', 0x00, 0x00, 0x11, 0x00, 0x00)), 3));
        // The same after 20 = 17 + 3: three literals, still 2 bytes from distance 1: "abccc".
        assertArrayEquals(ascii("abccc"), decode(PageCodec.LZO, bytes(20, 'a', 'b', 'c', 0x00, 0x00, 0x11, 0x00, 0x00), 5));
        // 0000LLLL = 0 at the start: 3 + 15 + 7 * 255 + 249 = 2052 literals, state 4; then
        // 0000DDSS = 0x00 and H = 0: after 4 or more literals a 3-byte copy from distance
        // (0 << 2) + 0 + 2049 = 2049, so output bytes 3..5 again.
        byte[] literals = letters(2052);
        byte[] block = concat(bytes(0, 0, 0, 0, 0, 0, 0, 0, 249), literals, bytes(0x00, 0x00, 0x11, 0x00, 0x00));
        byte[] expected = concat(literals, Arrays.copyOfRange(literals, 3, 6));
        assertArrayEquals(expected, decode(PageCodec.LZO, block, 2055));
    }

    @Test
    void lzoFarCopiesReachPast32KiBInLargePages() throws CorruptData {
        // 3 + 15 + 128 * 255 + 114 = 32772 literals; then 0001HLLL = 0x19 (H = 1, L = 1: length
        // 3) with LE16 0x0008 (D = 8 >> 2 = 2): distance 16384 + (1 << 14) + 2 = 32770, so output
        // bytes 2..4 again; then the end. Pages of 64 KiB (arm64, ppc64) can hold such copies.
        byte[] literals = letters(32772);
        byte[] zeros = new byte[128];
        byte[] block = concat(bytes(0), zeros, bytes(114), literals, bytes(0x19, 0x08, 0x00, 0x11, 0x00, 0x00));
        byte[] expected = concat(literals, Arrays.copyOfRange(literals, 2, 5));
        assertArrayEquals(expected, decode(PageCodec.LZO, block, 32775));
    }

    @Test
    void lzoBlocksThatDoNotMakeExactlyThePageAreCorrupt() {
        byte[] copy = concat(bytes(22), ascii("netty"), bytes(0x90, 0x00, 0x11, 0x00, 0x00));
        assertCorrupt(PageCodec.LZO, copy, 11, "ends after 10 bytes");
        assertCorrupt(PageCodec.LZO, copy, 9, "overflows the 9-byte page");
        assertCorrupt(PageCodec.LZO, concat(copy, bytes(0)), 10, "1 bytes after the end-of-stream marker");
        assertCorrupt(PageCodec.LZO, Arrays.copyOf(copy, copy.length - 1), 10, "truncated");
        // distance 6 from output byte 5: before the start.
        assertCorrupt(PageCodec.LZO, concat(bytes(22), ascii("netty"), bytes(0x94, 0x00, 0x11, 0x00, 0x00)), 10,
                "reaches before the start");
        assertCorrupt(PageCodec.LZO, new byte[0], 10, "truncated");
    }

    @Test
    void snappyBlocksWrittenByHandDecode() throws CorruptData {
        // Preamble 10; literal tag (5 - 1) << 2 and "netty"; copy-1 tag ((5 - 4) << 2) | 1, offset 5.
        byte[] copy = concat(bytes(10, 4 << 2), ascii("netty"), bytes(0x05, 0x05));
        assertArrayEquals(ascii("nettynetty"), decode(PageCodec.SNAPPY, copy, 10));
        // Literal "ab"; copy-2 tag ((8 - 1) << 2) | 2, offset 2 as LE16: a run.
        byte[] run = concat(bytes(10, 1 << 2), ascii("ab"), bytes(0x1e, 0x02, 0x00));
        assertArrayEquals(ascii("ababababab"), decode(PageCodec.SNAPPY, run, 10));
        // Preamble 300 as a varint (0xac 0x02); a literal with tag 60 << 2 and one length byte
        // 255 (255 + 1 = 256 bytes), then a copy-4 tag (43 << 2) | 3 (44 bytes) at LE32 offset 256.
        byte[] literal = new byte[256];
        for (int i = 0; i < literal.length; i++) {
            literal[i] = (byte) i;
        }
        byte[] wide = concat(bytes(0xac, 0x02, 60 << 2, 255), literal, bytes((43 << 2) | 3, 0x00, 0x01, 0x00, 0x00));
        byte[] expected = Arrays.copyOf(literal, 300);
        System.arraycopy(literal, 0, expected, 256, 44);
        assertArrayEquals(expected, decode(PageCodec.SNAPPY, wide, 300));
    }

    @Test
    void snappyBlocksThatDoNotMakeExactlyThePageAreCorrupt() {
        byte[] copy = concat(bytes(10, 4 << 2), ascii("netty"), bytes(0x05, 0x05));
        assertCorrupt(PageCodec.SNAPPY, copy, 12, "announces 10 bytes, not 12");
        assertCorrupt(PageCodec.SNAPPY, Arrays.copyOf(copy, copy.length - 2), 10, "give 5 bytes, not 10");
        assertCorrupt(PageCodec.SNAPPY, Arrays.copyOf(copy, copy.length - 1), 10, "truncated in a copy's offset");
        assertCorrupt(PageCodec.SNAPPY, concat(bytes(10, 4 << 2), ascii("netty"), bytes(0x05, 0x00)), 10,
                "offset 0 is invalid");
        assertCorrupt(PageCodec.SNAPPY, concat(bytes(10, 4 << 2), ascii("netty"), bytes(0x05, 0x06)), 10,
                "reaches before the start");
        assertCorrupt(PageCodec.SNAPPY, concat(copy, bytes(0x00, 'x')), 10, "overflows the 10-byte page");
        assertCorrupt(PageCodec.SNAPPY, bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), 10, "longer than 5 bytes");
    }

    static void assertCorrupt(PageCodec codec, byte[] stored, int size, String expected) {
        CorruptData e = assertThrows(CorruptData.class, () -> decode(codec, stored, size));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.position() >= 0 && e.position() <= stored.length, "position " + e.position());
    }

    @Test
    void zstdFrameFromTheZstdToolDecodesToThePage() throws IOException, CorruptData {
        byte[] page = resource("page4.bin");
        byte[] frame = resource("page4.zst");
        assertArrayEquals(page, decode(PageCodec.ZSTD, frame, 4096));
        assertCorrupt(PageCodec.ZSTD, frame, 4095, "zstd");
        assertCorrupt(PageCodec.ZSTD, Arrays.copyOf(frame, frame.length - 1), 4096, "zstd");
        // Into native memory as well as into an array.
        MemorySegment direct = java.lang.foreign.Arena.ofAuto().allocate(4096);
        PageCodec.ZSTD.decode(frame, frame.length, direct, 4096);
        assertArrayEquals(page, direct.toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void zlibStreamDecodesAndATruncatedOneIsCorrupt() throws IOException, CorruptData {
        byte[] page = resource("page4.bin");
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(page);
        deflater.finish();
        byte[] stored = new byte[8192];
        int n = deflater.deflate(stored);
        deflater.end();
        assertArrayEquals(page, decode(PageCodec.ZLIB, Arrays.copyOf(stored, n), 4096));
        assertCorrupt(PageCodec.ZLIB, Arrays.copyOf(stored, n / 2), 4096, "truncated");
        assertCorrupt(PageCodec.ZLIB, Arrays.copyOf(stored, n), 2048, "more than 2048 bytes");
    }

    @Test
    void garbageIsCorruptForEveryDecoder() {
        byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (0xf7 * i + 3);
        }
        for (PageCodec codec : new PageCodec[] {PageCodec.ZLIB, PageCodec.LZO, PageCodec.SNAPPY, PageCodec.ZSTD}) {
            try {
                decode(codec, garbage, 4096);
                fail(codec.label() + " decoded garbage to a page");
            } catch (CorruptData expected) {
                assertTrue(expected.getMessage().startsWith(codec.label() + ": "), expected.getMessage());
            }
        }
    }

    @Test
    void flagsNameOneCodec() {
        assertEquals(PageCodec.NONE, PageCodec.of(0));
        assertEquals(PageCodec.ZLIB, PageCodec.of(1));
        assertEquals(PageCodec.LZO, PageCodec.of(2));
        assertEquals(PageCodec.SNAPPY, PageCodec.of(4));
        assertEquals(PageCodec.ZSTD, PageCodec.of(0x20));
        assertEquals(PageCodec.ZLIB, PageCodec.of(0x11)); // 0x10: vmemmap excluded, not a codec
        assertNull(PageCodec.of(3));
    }
}
