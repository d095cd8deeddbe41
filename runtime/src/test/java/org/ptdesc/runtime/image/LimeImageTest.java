package org.ptdesc.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.PhysicalMemory.Unreadable;

/** LiME files built byte by byte from the format's documented 32-byte range header. */
class LimeImageTest {

    @TempDir
    Path dir;

    /** A range header (magic, version, s_addr, e_addr inclusive, reserved) and the data after it. */
    private static byte[] range(int magic, int version, long first, long last, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(32 + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(magic).putInt(version).putLong(first).putLong(last).putLong(0).put(data);
        return b.array();
    }

    private static byte[] range(long first, byte[] data) {
        return range(0x4C694D45, 1, first, first + data.length - 1, data);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] counting(int n, int from) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private MemoryImage open(byte[] bytes) throws IOException {
        return ImageFile.open(Files.write(dir.resolve("mem.lime"), bytes), Arena.ofAuto(), ImageLimits.DEFAULT);
    }

    private String problem(byte[] bytes) {
        return assertThrows(ImageFormatException.class, () -> open(bytes)).problem();
    }

    @Test
    void rangesAreReadAtTheirPhysicalAddresses() throws IOException {
        // The header's first four bytes on disk are "EMiL": 0x4C694D45 little-endian.
        assertEquals("EMiL", new String(Arrays.copyOf(range(0, new byte[1]), 4), java.nio.charset.StandardCharsets.US_ASCII));
        MemoryImage image = open(concat(range(0x10_0000, counting(16, 0x10)), range(0x1000, counting(8, 0x40)),
                range(0x1008, counting(8, 0x50))));
        assertEquals("lime", image.format());
        assertEquals(ImageNotes.NONE, image.notes());
        PhysicalMemory mem = image.memory();
        assertEquals(0x1716151413121110L, mem.readLong(0x10_0000));
        assertEquals(0x1f1e1d1c1b1a1918L, mem.readLong(0x10_0008));
        assertEquals(0x4746454443424140L, mem.readLong(0x1000));
        // Adjacent ranges read as one: 0x1004..0x100b is 44..47 then 50..53.
        assertEquals(0x5352515047464544L, mem.readLong(0x1004));
        assertFalse(mem.contains(0x10_0010, 1));
        assertThrows(Unreadable.class, () -> mem.readLong(0x1010));
        assertTrue(mem.description().endsWith("LiME image, 3 ranges"), mem.description());
    }

    @Test
    void badHeadersAreRefusedWithTheirPlace() {
        byte[] good = range(0x1000, new byte[8]);
        assertEquals("range header 1 at file offset 0x28: bad magic 0x4c694d46 (expected 0x4c694d45)",
                problem(concat(good, range(0x4C694D46, 1, 0, 7, new byte[8]))));
        assertEquals("range header 0 at file offset 0x0: unsupported version 2 (expected 1)",
                problem(range(0x4C694D45, 2, 0, 7, new byte[8])));
        assertEquals("range header 0 at file offset 0x0: e_addr 0xfff is below s_addr 0x1000",
                problem(range(0x4C694D45, 1, 0x1000, 0xfff, new byte[8])));
        assertEquals("truncated: range header 0 at file offset 0x0: range 0x0..0xffffffffff extends past end of file"
                + " (40 bytes)", problem(range(0x4C694D45, 1, 0, 0xff_ffff_ffffL, new byte[8])));
        assertEquals("truncated: range header 0 at file offset 0x0: range 0x0..0xffffffffffffffff extends past end of"
                + " file (40 bytes)", problem(range(0x4C694D45, 1, 0, -1L, new byte[8])));
        assertEquals("truncated: range header 1 at file offset 0x28 extends past end of file (50 bytes)",
                problem(concat(good, Arrays.copyOf(good, 10))));
    }

    @Test
    void overlappingRangesAreRefused() {
        assertEquals("range headers 0 and 1 overlap at physical 0x1004",
                problem(concat(range(0x1000, new byte[8]), range(0x1004, new byte[8]))));
        assertEquals("range headers 0 and 2 overlap at physical 0x2000",
                problem(concat(range(0x2000, new byte[8]), range(0x1000, new byte[8]), range(0x2000, new byte[1]))));
    }
}
