package org.ptdesc.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.PhysicalMemory;

/** Issue 8's hostile images: each must end in a clear error or a bounded result, never a hang or garbage. */
class HostileImageTest {

    @TempDir
    Path dir;

    private static final ImageLimits LIMITS = ImageLimits.DEFAULT;

    private MemoryImage open(Path file) throws IOException {
        return ImageFile.open(file, Arena.ofAuto(), LIMITS);
    }

    @Test
    void aFileInNoRecognisedFormatIsRefusedNamingTheFormats() throws IOException {
        Path file = Files.write(dir.resolve("mem.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> open(file));
        assertEquals("not a memory image in a recognised format (it starts with '01 02 03 04 05 06 07 08');"
                + " recognised: ELF core, LiME, test-paged, each possibly gzip-compressed; a raw copy of physical"
                + " memory is read only when its base address is given (--base ADDRESS)", e.problem());
        assertThrows(ImageFormatException.class, () -> PhysicalMemory.open(file));
        // With a base, the same file is raw memory.
        MemoryImage raw = ImageFile.openRaw(file, 0x1000, false, Arena.ofAuto(), LIMITS);
        assertEquals("raw", raw.format());
        assertEquals(0x0807060504030201L, raw.memory().readLong(0x1000));
    }

    @Test
    void anElfCutBelowItsMagicIsNotRawMemory() throws IOException {
        Path file = Files.write(dir.resolve("cut.elf"), new byte[] {0x7f, 'E', 'L'});
        assertTrue(assertThrows(ImageFormatException.class, () -> open(file)).problem()
                .startsWith("not a memory image in a recognised format (it starts with '7f 45 4c')"));
        Path header = Files.write(dir.resolve("cut2.elf"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0});
        assertEquals("truncated: ELF identification (16 bytes) extends past end of file (10 bytes)",
                assertThrows(ImageFormatException.class, () -> open(header)).problem());
    }

    @Test
    void baseOnARecognisedFormatIsRefusedUnlessInsisted() throws IOException {
        ElfCoreBuilder core = ElfCoreBuilder.of(64, ByteOrder.LITTLE_ENDIAN);
        core.load(0x1000, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Path file = Files.write(dir.resolve("core.elf"), core.build());
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ImageFile.openRaw(file, 0, false, Arena.ofAuto(), LIMITS));
        assertEquals("is an ELF file, not raw memory: open it without --base, or add --raw to read its bytes as raw"
                + " memory anyway", e.problem());
        // Insisting reads the ELF header itself as memory at the base: its magic at address 0.
        PhysicalMemory raw = ImageFile.openRaw(file, 0, true, Arena.ofAuto(), LIMITS).memory();
        assertEquals(0x464c457fL, raw.readInt(0));
    }

    @Test
    void fifosAreRefusedWithoutBlocking() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException noMkfifo) {
            assumeTrue(false, "no mkfifo on this system");
            return;
        }
        assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> open(fifo)));
        assertEquals(fifo + ": not a regular file (it is a FIFO); a memory image must be a file", e.getMessage());
        assertThrows(IOException.class, () -> ImageFile.openRaw(fifo, 0, true, Arena.ofAuto(), LIMITS));
    }

    @Test
    void characterDevicesAreRefused() {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "no /dev/zero");
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(IOException.class, () -> ImageFile.openRaw(zero, 0, true, Arena.ofAuto(), LIMITS)));
        assertEquals("/dev/zero: not a regular file (it is a character device); a memory image must be a file",
                e.getMessage());
    }

    @Test
    void aGzipBombStopsAtTheLimitAndLeavesNoFile() throws IOException {
        // 64 MiB of zeros compress to about 64 KiB; the limit is 20 MiB, past the in-memory part.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros);
            }
        }
        Path bomb = Files.write(dir.resolve("bomb.gz"), compressed.toByteArray());
        Path spill = Files.createDirectory(dir.resolve("spill"));
        ImageLimits low = new ImageLimits(20L << 20, 1 << 20);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> GzipImage.decompress(bomb, Arena.ofAuto(), low, spill));
        assertEquals("gzip data decompresses to more than 20971520 bytes, the limit (raise it with"
                + " --max-decompressed)", e.problem());
        try (var left = Files.list(spill)) {
            assertEquals(List.of(), left.toList());
        }
        // Below the in-memory part too, and through the public entry point.
        ImageLimits tiny = new ImageLimits(1000, 1 << 20);
        assertTrue(assertThrows(ImageFormatException.class, () -> ImageFile.open(bomb, Arena.ofAuto(), tiny))
                .problem().startsWith("gzip data decompresses to more than 1000 bytes"));
        // Raised, the same file opens (as raw memory, since zeros are in no format).
        ImageLimits raised = new ImageLimits(64L << 20, 1 << 20);
        MemorySegment data = GzipImage.decompress(bomb, Arena.ofAuto(), raised, spill);
        assertEquals(64L << 20, data.byteSize());
        try (var left = Files.list(spill)) {
            assertEquals(List.of(), left.toList(), "the temporary file is unlinked while still mapped");
        }
    }

    @Test
    void manyOverlappingLoadsAreCheckedInNLogN() throws Exception {
        // 32 KiB of zeros at physical 0, then 20,000 loads of 64 bytes at physical 0, 1, 2, ...
        // all reading the first 64 of those zeros: each overlaps the ones before it.
        int n = 20_000;
        ElfCoreBuilder core = ElfCoreBuilder.of(64, ByteOrder.LITTLE_ENDIAN);
        core.load(0, new byte[32 << 10]);
        for (int i = 0; i < n; i++) {
            ElfCoreBuilder.Header h = core.load(i, new byte[0]);
            h.filesz = 64;
            h.memsz = 64;
        }
        long zeros = core.programHeaderAt(n + 1) + 3; // where build() puts the first load's data
        for (int i = 1; i <= n; i++) {
            core.headers.get(i).at(zeros);
        }
        byte[] file = core.build();
        PhysicalMemory mem = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ElfCore.read(MemorySegment.ofArray(file), "many.elf"));
        assertTrue(mem.contains(0, 32 << 10));
        assertFalse(mem.contains(32 << 10, 1));
        assertEquals(0L, mem.readLong(19_999));
    }

    @Test
    void overlapsThatWouldCompareMoreThanTheFileAreRefused() throws Exception {
        // Loads of the whole zero-filled data at different offsets, all at physical 0x1000: each
        // must be compared with the one before, 2000 times the data in all.
        ElfCoreBuilder core = ElfCoreBuilder.of(64, ByteOrder.LITTLE_ENDIAN);
        int length = 64 << 10;
        int n = 2000;
        int table = (int) core.programHeaderAt(n);
        for (int i = 0; i < n; i++) {
            ElfCoreBuilder.Header h = core.load(0x1000, new byte[0]).at(table + i); // one byte further into the zeros each
            h.filesz = length;
            h.memsz = length;
        }
        byte[] finalFile = Arrays.copyOf(core.build(), table + n + length);
        ImageFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(ImageFormatException.class, () -> ElfCore.read(MemorySegment.ofArray(finalFile), "x.elf")));
        assertTrue(e.problem().contains("too many overlapping PT_LOAD ranges to check"), e.getMessage());
    }

    @Test
    void aLoadOverlappingTwoTrimmedOnesIsCheckedAgainstBoth() throws Exception {
        // A = 0..0xff, B = 0..0x1ff (equal where they meet), C = 0x80..0x17f: C overlaps the
        // part of A and the part of B that were kept; it must be compared with both.
        byte[] ram = new byte[0x200];
        new java.util.Random(3).nextBytes(ram);
        ElfCoreBuilder core = ElfCoreBuilder.of(64, ByteOrder.LITTLE_ENDIAN);
        core.load(0, Arrays.copyOf(ram, 0x100));
        core.load(0, ram);
        core.load(0x80, Arrays.copyOfRange(ram, 0x80, 0x180));
        PhysicalMemory mem = ElfCore.read(MemorySegment.ofArray(core.build()), "x.elf");
        for (int i = 0; i + 8 <= 0x200; i += 8) {
            assertEquals(java.nio.ByteBuffer.wrap(ram).order(ByteOrder.LITTLE_ENDIAN).getLong(i), mem.readLong(i));
        }
        byte[] different = Arrays.copyOfRange(ram, 0x80, 0x180);
        different[0xf0] ^= 1; // physical 0x170, inside B's part only
        ElfCoreBuilder bad = ElfCoreBuilder.of(64, ByteOrder.LITTLE_ENDIAN);
        bad.load(0, Arrays.copyOf(ram, 0x100));
        bad.load(0, ram);
        bad.load(0x80, different);
        ImageFormatException e = assertThrows(ImageFormatException.class,
                () -> ElfCore.read(MemorySegment.ofArray(bad.build()), "x.elf"));
        assertTrue(e.problem().endsWith("with different contents"), e.getMessage());
    }
}
