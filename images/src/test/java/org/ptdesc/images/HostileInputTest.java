package org.ptdesc.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.PagedImage.PageRun;

/**
 * Damaged copies of the QEMU dumps: every truncation and every random corruption gives either
 * pages or an {@link ImageFormatException}, never another exception or a hang; the damage the
 * format's fields allow (sizes, flags, offsets) is named with the page and the file offset.
 */
class HostileInputTest {

    static final int PAGE = 4096;
    /** Where QEMU put the page descriptors: after block 0, one sub header block and 64 bitmap blocks. */
    static final int DESCRIPTORS = 66 * PAGE;

    static Arena arena;
    static byte[] flat;
    static byte[] kdump;

    @BeforeAll
    static void open() throws Exception {
        arena = Arena.ofShared();
        flat = ImageFile.map(QemuDumpTest.resource("qemu-zlib.flat.gz"), arena).toArray(ValueLayout.JAVA_BYTE);
        kdump = ImageFile.map(QemuDumpTest.resource("qemu-zlib.kdump.gz"), arena).toArray(ValueLayout.JAVA_BYTE);
    }

    @AfterAll
    static void close() {
        arena.close();
    }

    static KdumpImage plain(byte[] bytes) throws ImageFormatException {
        return KdumpImage.open(ByteSource.of(MemorySegment.ofArray(bytes), "bad.kdump"), "kdump-compressed");
    }

    /** Opens and reads every page; only ImageFormatException may escape. */
    static void readAll(KdumpImage image) throws ImageFormatException {
        MemorySegment target = MemorySegment.ofArray(new byte[image.pageSize()]);
        for (PageRun run : image.runs()) {
            for (long pfn = run.firstPfn(); pfn < run.firstPfn() + run.count(); pfn++) {
                image.readPage(pfn, target);
            }
        }
    }

    @Test
    void everyTruncationOfTheFlattenedStreamIsReported() {
        for (int cut = 0; cut < flat.length; cut += 509) {
            byte[] part = java.util.Arrays.copyOf(flat, cut);
            ImageFormatException e = assertThrows(ImageFormatException.class,
                    () -> FlattenedStream.index(MemorySegment.ofArray(part), "cut.flat"), "cut at " + cut);
            assertTrue(e.getMessage().startsWith("cut.flat: "), e.getMessage());
        }
    }

    @Test
    void everyTruncationOfTheKdumpFileIsReported() {
        for (int cut = 0; cut < kdump.length; cut += 499) {
            byte[] part = java.util.Arrays.copyOf(kdump, cut);
            assertThrows(ImageFormatException.class, () -> readAll(plain(part)), "cut at " + cut);
        }
    }

    @Test
    void randomCorruptionGivesPagesOrFormatErrors() {
        Random random = new Random(42);
        int reported = 0;
        for (int round = 0; round < 300; round++) {
            byte[] bad = kdump.clone();
            for (int i = 0; i < 4; i++) {
                // Mostly the headers and descriptors, where damage changes the structure.
                int at = random.nextBoolean() ? random.nextInt(DESCRIPTORS + 528 * 24) : random.nextInt(bad.length);
                bad[at] = (byte) random.nextInt(256);
            }
            try {
                readAll(plain(bad));
            } catch (ImageFormatException e) {
                reported++;
            }
        }
        assertTrue(reported > 0, "no corruption was noticed");
    }

    static ByteBuffer descriptor(byte[] bytes, long pfn) {
        return ByteBuffer.wrap(bytes, DESCRIPTORS + (int) pfn * 24, 24).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void corruptPageDataIsReportedWithItsPageAndOffset() throws IOException {
        byte[] bad = kdump.clone();
        ByteBuffer d = descriptor(bad, 0x104);
        assertEquals(1, d.getInt(12)); // QEMU stored this text page with zlib
        int offset = (int) d.getLong(0);
        bad[offset + 2] ^= (byte) 0x55;
        bad[offset + 3] ^= (byte) 0x55;
        KdumpImage image = plain(bad);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> image.readPage(0x104, MemorySegment.ofArray(new byte[PAGE])));
        assertTrue(e.getMessage().contains("page frame 0x104"), e.getMessage());
        assertTrue(e.getMessage().contains("0x" + Integer.toHexString(offset)), e.getMessage());
        // The other pages still read.
        assertTrue(image.readPage(0x100, MemorySegment.ofArray(new byte[PAGE])));
    }

    @Test
    void descriptorFieldsOutOfRangeAreReported() throws IOException {
        byte[] oversized = kdump.clone();
        descriptor(oversized, 0x105).putInt(8, PAGE + 1);
        assertMessage(oversized, 0x105, "stored size 4097");

        byte[] twoCodecs = kdump.clone();
        descriptor(twoCodecs, 0x104).putInt(12, 0x3);
        assertMessage(twoCodecs, 0x104, "more than one compression");

        byte[] outside = kdump.clone();
        descriptor(outside, 0x104).putLong(0, kdump.length - 10);
        assertMessage(outside, 0x104, "extends past end of file");

        byte[] shortRaw = kdump.clone();
        descriptor(shortRaw, 0x105).putInt(12, 0).putInt(8, 100);
        assertMessage(shortRaw, 0x105, "uncompressed page of 100 bytes");
    }

    static void assertMessage(byte[] bytes, long pfn, String expected) throws ImageFormatException {
        KdumpImage image = plain(bytes);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> image.readPage(pfn, MemorySegment.ofArray(new byte[PAGE])));
        assertTrue(e.getMessage().startsWith("bad.kdump: "), e.getMessage());
        assertTrue(e.getMessage().contains("page frame 0x" + Long.toHexString(pfn)), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aHeaderThatIsNoKdumpHeaderIsRefused() {
        byte[] bad = kdump.clone();
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(428, 3000); // block_size not a power of two
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> plain(bad));
        assertTrue(e.getMessage().contains("no plausible block size"), e.getMessage());

        byte[] huge = kdump.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putInt(436, 1 << 20); // bitmap blocks
        assertThrows(ImageFormatException.class, () -> plain(huge));
    }

    /** A stream of records written by hand, to check the index against hand-computed bytes. */
    static byte[] stream(long[][] records, byte[][] data) {
        int size = FlattenedStream.HEADER_SIZE + 16;
        for (byte[] d : data) {
            size += 16 + d.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.BIG_ENDIAN);
        b.put("makedumpfile".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putLong(16, 1).putLong(24, 1).position(FlattenedStream.HEADER_SIZE);
        for (int i = 0; i < records.length; i++) {
            b.putLong(records[i][0]).putLong(data[i].length).put(data[i]);
        }
        b.putLong(-1).putLong(-1);
        return b.array();
    }

    @Test
    void laterRecordsWinOverEarlierOnesAndHolesReadAsZeros() throws ImageFormatException {
        byte[] s = stream(new long[][] {{10}, {0}, {12}, {30}},
                new byte[][] {"AAAAAAAA".getBytes(), "BBBB".getBytes(), "CC".getBytes(), "DD".getBytes()});
        FlattenedStream f = FlattenedStream.index(MemorySegment.ofArray(s), "hand.flat");
        assertEquals(32, f.size());
        byte[] all = new byte[32];
        f.read(0, all, 0, 32, "all");
        // By hand: B at 0..3, zeros 4..9, A at 10..11, C at 12..13, A at 14..17, zeros 18..29, D at 30..31.
        byte[] expected = new byte[32];
        System.arraycopy("BBBB".getBytes(), 0, expected, 0, 4);
        System.arraycopy("AACCAAAA".getBytes(), 0, expected, 10, 8);
        System.arraycopy("DD".getBytes(), 0, expected, 30, 2);
        assertArrayEquals(expected, all);
        assertEquals(5, f.pieces());
        assertThrows(ImageFormatException.class, () -> f.read(31, new byte[2], 0, 2, "tail"));
    }

    @Test
    void malformedRecordsAreReported() {
        byte[] negative = stream(new long[][] {{-5}}, new byte[][] {"x".getBytes()});
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> FlattenedStream.index(MemorySegment.ofArray(negative), "neg.flat"));
        assertTrue(e.getMessage().contains("negative offset"), e.getMessage());

        byte[] badType = stream(new long[][] {}, new byte[][] {});
        ByteBuffer.wrap(badType).putLong(16, 2);
        e = assertThrows(ImageFormatException.class,
                () -> FlattenedStream.index(MemorySegment.ofArray(badType), "type.flat"));
        assertTrue(e.getMessage().contains("type 2"), e.getMessage());
    }
}
