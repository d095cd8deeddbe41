package org.ptdesc.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/**
 * Page decoding against data compressed by the reference implementations: the {@code zstd}
 * command line tool (makedumpfile's {@code -z} writes one zstd frame per page) and the JDK's
 * zlib (QEMU and makedumpfile call zlib's {@code compress2}).
 */
class CodecTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = CodecTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void zstdFrameFromTheZstdToolDecodesToThePage() throws IOException {
        byte[] page = resource("page4.bin");
        byte[] frame = resource("page4.zst");
        byte[] out = new byte[4096];
        assertEquals(4096, PageCodec.ZSTD.decode(frame, frame.length, out));
        assertArrayEquals(page, out);
    }

    @Test
    void zlibStreamDecodesAndATruncatedOneIsCorrupt() throws IOException {
        byte[] page = resource("page4.bin");
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(page);
        deflater.finish();
        byte[] stored = new byte[8192];
        int n = deflater.deflate(stored);
        deflater.end();
        byte[] out = new byte[4096];
        assertEquals(4096, PageCodec.ZLIB.decode(stored, n, out));
        assertArrayEquals(page, out);
        assertEquals(-1, PageCodec.ZLIB.decode(stored, n / 2, new byte[4096]));
        assertEquals(-1, PageCodec.ZLIB.decode(stored, n, new byte[2048])); // more than a page
    }

    @Test
    void garbageIsCorruptForEveryDecoder() {
        byte[] garbage = new byte[64];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (0xf7 * i + 3);
        }
        for (PageCodec codec : new PageCodec[] {PageCodec.ZLIB, PageCodec.LZO, PageCodec.SNAPPY, PageCodec.ZSTD}) {
            int n = codec.decode(garbage, garbage.length, new byte[4096]);
            // Whatever a decoder makes of garbage, it is never a whole page.
            org.junit.jupiter.api.Assertions.assertNotEquals(4096, n, codec.label());
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
