package org.ptdesc.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageFormatException;

/**
 * The QEMU machine's kdump file with its pages stored as LZO1X, Snappy and zstd, laid out as
 * makedumpfile does ({@link KdumpRecoder}; no tool here writes such dumps): the committed
 * {@code qemu-lzo/snappy/zstd.kdump.gz} (which the CLI's tests also read) and the same recoding
 * done now, in memory. The oracle for every page is QEMU's ELF core of the same machine.
 */
class RecodedDumpTest {

    @BeforeAll
    static void open() throws Exception {
        QemuDumpTest.open();
    }

    @AfterAll
    static void close() {
        QemuDumpTest.close();
    }

    static KdumpImage committed(PageCodec codec) throws Exception {
        MemorySegment file = ImageFile.map(QemuDumpTest.resource("qemu-" + codec.label() + ".kdump.gz"), QemuDumpTest.arena);
        return KdumpImage.open(ByteSource.of(file, "qemu-" + codec.label() + ".kdump"), "kdump-compressed");
    }

    static byte[] zlibFile() {
        return QemuDumpTest.kdump.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Test
    void theCommittedDumpsHoldTheElfCoresPages() throws Exception {
        for (PageCodec codec : new PageCodec[] {PageCodec.LZO, PageCodec.SNAPPY, PageCodec.ZSTD}) {
            KdumpImage image = committed(codec);
            assertTrue(image.description().contains("(" + codec.label() + ")"), image.description());
            QemuDumpTest.assertEveryPageEqualsTheElfCore(image);
        }
    }

    @Test
    void aFreshRecodingHoldsTheElfCoresPages() throws Exception {
        for (PageCodec codec : new PageCodec[] {PageCodec.LZO, PageCodec.SNAPPY, PageCodec.ZSTD}) {
            byte[] file = KdumpRecoder.recode(zlibFile(), codec);
            QemuDumpTest.assertEveryPageEqualsTheElfCore(
                    KdumpImage.open(ByteSource.of(MemorySegment.ofArray(file), "fresh.kdump"), "kdump-compressed"));
        }
    }

    @Test
    void aCorruptLzoPageIsReportedWithItsFrameAndTheOffsetOfTheBadInstruction() throws IOException {
        byte[] file = KdumpRecoder.recode(zlibFile(), PageCodec.LZO);
        KdumpImage clean = KdumpImage.open(ByteSource.of(MemorySegment.ofArray(file), "bad.kdump"), "kdump-compressed");
        long at = clean.header().descriptorOffset() + 0x104 * KdumpImage.DESCRIPTOR_SIZE; // every frame below is dumped
        ByteBuffer d = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x2, d.getInt((int) at + 12));
        long data = d.getLong((int) at);
        int size = d.getInt((int) at + 8);
        file[(int) data + size - 3] = 0x19; // the end marker 0x11 0 0 becomes 0001HLLL with H = 1: distance 32768
        KdumpImage image = KdumpImage.open(ByteSource.of(MemorySegment.ofArray(file), "bad.kdump"), "kdump-compressed");
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> image.readPage(0x104, MemorySegment.ofArray(new byte[4096])));
        assertTrue(e.getMessage().startsWith("bad.kdump: page frame 0x104 "), e.getMessage());
        assertTrue(e.getMessage().contains("lzo data at file offset 0x" + Long.toHexString(data)), e.getMessage());
        assertTrue(e.getMessage().contains("is corrupt at file offset 0x" + Long.toHexString(data + size - 3)),
                e.getMessage());
        assertTrue(e.getMessage().contains("reaches before the start of the page"), e.getMessage());
    }
}
