package org.ptdesc.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.PhysicalMemory.Range;
import org.ptdesc.runtime.PhysicalMemory.Unreadable;

/** The file side: mapping, format detection, gzip, and the factories on {@link PhysicalMemory}. */
class ImageFileTest {

    @TempDir
    Path dir;

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private static byte[] core() {
        ElfCoreBuilder core = ElfCoreBuilder.of(64, ByteOrder.LITTLE_ENDIAN);
        byte[] table = new byte[0x1000];
        table[0] = 0x27;
        table[0xff8] = 0x63;
        core.load(0x636e000L, table);
        core.load(0x1000, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        return core.build();
    }

    private static void assertIsCore(PhysicalMemory mem) {
        assertEquals(List.of(0x1000L, 0x636e000L), mem.ranges().stream().map(Range::start).toList());
        assertEquals(0x27L, mem.readLong(0x636e000L));
        assertEquals(0x63L, mem.readLong(0x636eff8L));
        assertEquals(0x0807060504030201L, mem.readLong(0x1000));
        assertFalse(mem.contains(0x636f000L, 1));
    }

    private void assertRejected(String problem, ThrowingOpen open) {
        ImageFormatException e = assertThrows(ImageFormatException.class, open::run);
        assertEquals(problem, e.problem());
        assertTrue(e.getMessage().startsWith(e.file() + ": "), e.getMessage());
        assertTrue(e.file().startsWith(dir.toString()), e.file());
    }

    private interface ThrowingOpen {
        void run() throws IOException;
    }

    @Test
    void opensAnElfCore() throws IOException {
        Path file = write("dump.elf", core());
        assertIsCore(PhysicalMemory.open(file));
        assertIsCore(PhysicalMemory.elfCore(file));
        assertTrue(PhysicalMemory.open(file).description().startsWith(file + ": ELF64 little-endian core (x86-64)"));
    }

    @Test
    void opensAGzipCompressedElfCoreWhateverItsName() throws IOException {
        assertIsCore(PhysicalMemory.open(write("dump.elf.gz", gzip(core()))));
        assertIsCore(PhysicalMemory.elfCore(write("dump.elf", gzip(core()))));
    }

    @Test
    void opensRawImages() throws IOException {
        byte[] bytes = new byte[64];
        new Random(1).nextBytes(bytes);
        Path file = write("mem.raw", bytes);
        MemorySegment expected = MemorySegment.ofArray(bytes);
        long first = expected.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        long last = expected.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 56);

        PhysicalMemory atZero = PhysicalMemory.raw(file, 0);
        assertEquals(List.of(new Range(0, 64, 0)), atZero.ranges());
        assertEquals(first, atZero.readLong(0));
        assertEquals(last, atZero.readLongBigEndian(56));

        PhysicalMemory based = PhysicalMemory.raw(write("mem.raw.gz", gzip(bytes)), 0x8000_0000L);
        assertEquals(List.of(new Range(0x8000_0000L, 64, 0)), based.ranges());
        assertEquals(first, based.readLong(0x8000_0000L));
        assertEquals(last, based.readLongBigEndian(0x8000_0038L));
        assertThrows(Unreadable.class, () -> based.readLong(0x7fff_fff8L));
        assertThrows(Unreadable.class, () -> based.readLong(0x8000_0039L));
    }

    @Test
    void rawImagesMayEndAtTheTopOfTheAddressSpaceButNotWrap() throws IOException {
        Path file = write("top.raw", new byte[16]);
        assertEquals(0L, PhysicalMemory.raw(file, 0xffff_ffff_ffff_fff0L).readLong(0xffff_ffff_ffff_fff8L));
        assertRejected("raw image of 16 bytes at base 0xfffffffffffffff8 wraps around the top of the 64-bit"
                + " address space", () -> PhysicalMemory.raw(file, 0xffff_ffff_ffff_fff8L));
    }

    @Test
    void largeGzipImagesGoThroughATemporaryFileThatIsDeletedAtOnce() throws IOException {
        // Larger than the in-memory limit, mostly zeros (so written sparse), ending in zeros.
        int size = GzipImage.IN_MEMORY_LIMIT + 3 * 65536 + 100;
        byte[] bytes = new byte[size];
        bytes[5] = 5;
        bytes[GzipImage.IN_MEMORY_LIMIT + 70_000] = 7;
        Path file = write("big.raw.gz", gzip(bytes));
        Path spill = Files.createDirectory(dir.resolve("spill"));
        MemorySegment data = GzipImage.decompress(file, Arena.ofAuto(), ImageLimits.DEFAULT, spill);
        assertEquals(size, data.byteSize());
        assertEquals(-1, MemorySegment.mismatch(data, 0, size, MemorySegment.ofArray(bytes), 0, size));
        assertTrue(data.isReadOnly());
        try (var left = Files.list(spill)) {
            assertEquals(List.of(), left.toList());
        }
        assertEquals(7L, PhysicalMemory.raw(file, 0).readLong(GzipImage.IN_MEMORY_LIMIT + 70_000));
    }

    @Test
    void smallGzipImagesAreReadOnlyToo() throws IOException {
        MemorySegment data = ImageFile.map(write("small.gz", gzip(new byte[] {1, 2, 3})), Arena.ofAuto());
        assertEquals(3, data.byteSize());
        assertTrue(data.isReadOnly());
    }

    @Test
    void mappedImagesAreReadOnly() throws IOException {
        PhysicalMemory mem = PhysicalMemory.raw(write("mem.raw", new byte[16]), 0);
        assertThrows(UnsupportedOperationException.class, () -> mem.writeLong(0, 1, false));
    }

    @Test
    void aCallersArenaEndsTheMemoryWhenClosed() throws IOException {
        Path file = write("dump.elf", core());
        PhysicalMemory mem;
        try (Arena arena = Arena.ofConfined()) {
            mem = PhysicalMemory.open(file, arena);
            assertIsCore(mem);
        }
        assertThrows(IllegalStateException.class, () -> mem.readLong(0x1000));
        try (Arena arena = Arena.ofShared()) {
            assertIsCore(PhysicalMemory.elfCore(write("dump.elf.gz", gzip(core())), arena));
            assertEquals(0L, PhysicalMemory.raw(write("zeros", new byte[8]), 0x10, arena).readLong(0x10));
        }
    }

    @Test
    void emptyFiles() throws IOException {
        Path empty = write("empty", new byte[0]);
        assertRejected("empty file", () -> PhysicalMemory.open(empty));
        assertRejected("empty file", () -> PhysicalMemory.raw(empty, 0));
        assertRejected("empty file", () -> PhysicalMemory.elfCore(empty));
        Path emptyGzip = write("empty.gz", gzip(new byte[0]));
        assertRejected("empty after gzip decompression", () -> PhysicalMemory.open(emptyGzip));
    }

    @Test
    void brokenGzipData() throws IOException {
        byte[] compressed = gzip(core());
        Path truncated = write("cut.elf.gz", Arrays.copyOf(compressed, compressed.length / 2));
        assertRejected("truncated gzip data", () -> PhysicalMemory.open(truncated));

        byte[] flipped = compressed.clone();
        flipped[compressed.length - 5] ^= 0x55; // the length in the trailer
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> PhysicalMemory.open(write("flipped.elf.gz", flipped)));
        assertTrue(e.problem().startsWith("corrupt gzip data: "), e.getMessage());

        Path onlyMagic = write("magic.gz", new byte[] {0x1f, (byte) 0x8b});
        assertThrows(ImageFormatException.class, () -> PhysicalMemory.open(onlyMagic));
    }

    @Test
    void anElfCoreIsRequiredWhenAskedFor() throws IOException {
        Path raw = write("mem.raw", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertRejected("not an ELF file: bad magic '01 02 03 04' (expected '7f 45 4c 46')",
                () -> PhysicalMemory.elfCore(raw));
    }

    @Test
    void corruptElfCoresAreNotTakenForRawImages() throws IOException {
        byte[] cut = Arrays.copyOf(core(), 140);
        Path file = write("cut.elf", cut);
        assertRejected("truncated: program header 1 extends past end of file (140 bytes)",
                () -> PhysicalMemory.open(file));
    }

    @Test
    void compressedKdumpFormatsAreRecognisedAndRefused() throws IOException {
        for (String signature : List.of("KDUMP   ", "DISKDUMP")) {
            byte[] head = Arrays.copyOf(signature.getBytes(StandardCharsets.US_ASCII), 4096);
            Path file = write("vmcore", head);
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> PhysicalMemory.open(file));
            assertTrue(e.problem().contains("makedumpfile -E"), e.getMessage());
        }
        Path flat = write("vmcore.flat", Arrays.copyOf("makedumpfile".getBytes(StandardCharsets.US_ASCII), 4096));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> PhysicalMemory.open(flat));
        assertTrue(e.problem().contains("makedumpfile -R"), e.getMessage());
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.detect(MemorySegment.ofArray(new byte[] {'K', 'D'})));
    }

    @Test
    void missingFilesAndDirectoriesAreIoErrors() {
        assertThrows(NoSuchFileException.class, () -> PhysicalMemory.open(dir.resolve("missing.elf")));
        IOException e = assertThrows(IOException.class, () -> PhysicalMemory.open(dir));
        assertFalse(e instanceof ImageFormatException);
        assertEquals(dir + ": not a regular file (it is a directory); a memory image must be a file", e.getMessage());
    }
}
