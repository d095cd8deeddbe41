package org.ptdesc.images;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.image.ElfCore;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.ImageReader;
import org.ptdesc.runtime.image.MemoryImage;
import org.ptdesc.runtime.image.PagedImage.PageRun;

/**
 * The dumps QEMU made of one stopped 2 MiB PC (see the README beside the images): its ELF core
 * is the oracle for every page of its kdump-zlib flattened stream, read directly, and of the
 * same stream rearranged by {@code makedumpfile -R}.
 */
class QemuDumpTest {

    static final int PAGE = 4096;
    static Arena arena;
    static PhysicalMemory elf;
    static MemorySegment flat;
    static MemorySegment kdump;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(QemuDumpTest.class.getResource(name).toURI());
    }

    @BeforeAll
    static void open() throws Exception {
        arena = Arena.ofShared();
        elf = ElfCore.read(ImageFile.map(resource("qemu.elf.gz"), arena), "qemu.elf");
        flat = ImageFile.map(resource("qemu-zlib.flat.gz"), arena);
        kdump = ImageFile.map(resource("qemu-zlib.kdump.gz"), arena);
    }

    @AfterAll
    static void close() {
        arena.close();
    }

    static KdumpImage flatImage() throws IOException {
        return KdumpImage.open(FlattenedStream.index(flat, "qemu-zlib.flat"), "makedumpfile-flattened");
    }

    static KdumpImage plainImage() throws IOException {
        return KdumpImage.open(ByteSource.of(kdump, "qemu-zlib.kdump"), "kdump-compressed");
    }

    /** The page frames of the ELF core's PT_LOADs, as runs: what QEMU dumped. */
    static List<PageRun> elfRuns() {
        List<PageRun> runs = new ArrayList<>();
        for (PhysicalMemory.Range range : elf.ranges()) {
            long first = range.start() / PAGE;
            long count = range.length() / PAGE;
            if (!runs.isEmpty() && runs.getLast().firstPfn() + runs.getLast().count() == first) {
                PageRun last = runs.removeLast();
                runs.add(new PageRun(last.firstPfn(), last.count() + count));
            } else {
                runs.add(new PageRun(first, count));
            }
        }
        return runs;
    }

    static byte[] elfPage(long pfn) {
        byte[] page = new byte[PAGE];
        for (int i = 0; i < PAGE; i += 8) {
            long v = elf.readLong(pfn * PAGE + i);
            for (int b = 0; b < 8; b++) {
                page[i + b] = (byte) (v >>> (8 * b));
            }
        }
        return page;
    }

    static void assertEveryPageEqualsTheElfCore(KdumpImage image) throws IOException {
        MemorySegment target = arena.allocate(PAGE);
        long pages = 0;
        for (PageRun run : image.runs()) {
            for (long pfn = run.firstPfn(); pfn < run.firstPfn() + run.count(); pfn++) {
                assertTrue(image.readPage(pfn, target), "page 0x" + Long.toHexString(pfn));
                assertArrayEquals(elfPage(pfn), target.toArray(ValueLayout.JAVA_BYTE), "page 0x" + Long.toHexString(pfn));
                pages++;
            }
        }
        assertEquals(512 + 16, pages);
    }

    @Test
    void theFlattenedStreamHoldsTheElfCoresPages() throws IOException {
        KdumpImage image = flatImage();
        assertEquals(PAGE, image.pageSize());
        assertEquals(elfRuns(), image.runs());
        // 2 MiB of RAM from 0, and the 64 KiB BIOS below 4 GiB.
        assertEquals(List.of(new PageRun(0, 512), new PageRun(0xffff0, 16)), image.runs());
        assertEveryPageEqualsTheElfCore(image);
    }

    @Test
    void makedumpfilesRearrangedFileHoldsTheSamePages() throws IOException {
        KdumpImage image = plainImage();
        assertEquals(elfRuns(), image.runs());
        assertEveryPageEqualsTheElfCore(image);
    }

    @Test
    void pagesOutsideTheDumpAreAbsentNotZeros() throws IOException {
        MemorySegment target = arena.allocate(PAGE);
        for (KdumpImage image : List.of(flatImage(), plainImage())) {
            assertFalse(image.readPage(0x200, target));      // just past 2 MiB of RAM
            assertFalse(image.readPage(0xfffef, target));    // just below the BIOS
            assertFalse(image.readPage(0x100000, target));   // past max_mapnr
            assertFalse(image.readPage(-1, target));
        }
    }

    @Test
    void theLoadedPagesAreWhereTheScriptPutThem() throws IOException {
        MemorySegment target = arena.allocate(PAGE);
        KdumpImage image = flatImage();
        assertTrue(image.readPage(0x104, target));
        String text = new String(target.toArray(ValueLayout.JAVA_BYTE), 0, 36, StandardCharsets.US_ASCII);
        assertEquals("ptdesc kdump test page 4, line 0000\n", text);
        assertTrue(image.readPage(0x100, target));
        assertEquals(0x101003L, target.get(ValueLayout.JAVA_LONG_UNALIGNED, 0)); // PML4[0]
    }

    @Test
    void headerIsQemusSixtyFourBitVersionSix() throws IOException {
        DumpHeader header = flatImage().header();
        assertEquals("KDUMP   ", header.signature());
        assertEquals(6, header.version());
        assertEquals(64, header.wordBits());
        assertEquals("x86_64", header.machine());
        assertEquals(62, header.elfMachine());     // EM_X86_64, as the notes are read
        assertEquals(1, header.status());          // DUMP_DH_COMPRESSED_ZLIB
        assertEquals(0x100000, header.maxMapnr()); // up to the BIOS at 4 GiB - 64 KiB
        assertEquals(1, header.cpus());
        assertTrue(flatImage().description().contains("zlib"), flatImage().description());
    }

    @Test
    void bothReadersAreFoundThroughTheServiceInterface() {
        List<String> formats = ServiceLoader.load(ImageReader.class).stream().map(p -> p.get().format()).toList();
        assertTrue(formats.contains("kdump-compressed"), formats.toString());
        assertTrue(formats.contains("makedumpfile-flattened"), formats.toString());
        assertTrue(new FlattenedReader().recognises(flat));
        assertFalse(new FlattenedReader().recognises(kdump));
        assertTrue(new KdumpReader().recognises(kdump));
        assertFalse(new KdumpReader().recognises(flat));
    }

    @Test
    void theMemoryImageReadsLikeTheElfCoreAndCarriesTheCpuNote() throws Exception {
        for (ImageReader reader : List.of(new FlattenedReader(), new KdumpReader())) {
            MemorySegment data = reader instanceof FlattenedReader ? flat : kdump;
            MemoryImage image = reader.open(Path.of("dump"), data, arena, ImageLimits.DEFAULT);
            assertEquals(reader.format(), image.format());
            assertEquals(0x101003L, image.memory().readLong(0x100000));
            assertEquals(elf.readLong(0x105ff8), image.memory().readLong(0x105ff8));
            assertFalse(image.memory().contains(0x200000L, 8));
            assertEquals(1, image.notes().cpus().size());
            CpuState cpu = image.notes().cpus().getFirst();
            // The x86 reset state (Intel SDM vol. 3, "Processor State after Reset"):
            // CR0 60000010H, EIP 0000FFF0H, EFLAGS 00000002H, CR3 and CR4 0.
            assertEquals(Map.of("cr0", 0x60000010L, "cr2", 0L, "cr3", 0L, "cr4", 0L, "rip", 0xfff0L, "rsp", 0L,
                    "rflags", 2L), cpu.registers());
            assertTrue(image.notes().vmcoreinfo().isEmpty()); // no OS, so no VMCOREINFO
        }
    }

    @Test
    void aCacheOfTwoPagesStillReadsEveryPageAsTheElfCoreHasIt() throws Exception {
        // The smallest cache the runtime allows (two pages): reading the pages in order evicts
        // one on every new page, so every word below comes through the eviction path.
        ImageLimits tiny = new ImageLimits(1L << 30, 2 * PAGE);
        PhysicalMemory paged = new KdumpReader().open(Path.of("dump"), kdump, arena, tiny).memory();
        long compared = 0;
        for (PhysicalMemory.Range r : elf.ranges()) {
            for (long pa = r.start(); pa < r.start() + r.length(); pa += 8) {
                assertEquals(elf.readLong(pa), paged.readLong(pa), () -> "word at 0x" + Long.toHexString(r.start()));
                compared++;
            }
        }
        assertEquals(528L * PAGE / 8, compared); // the 528 pages QEMU dumped
        assertEquals(0, paged.corruptPages());
    }
}
