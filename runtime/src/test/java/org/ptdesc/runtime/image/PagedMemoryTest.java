package org.ptdesc.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.PhysicalMemory.Unreadable;

/** PhysicalMemory.paged, through a reader found by ServiceLoader as the images module's are. */
class PagedMemoryTest {

    @TempDir
    Path dir;

    /** Pages 0x10..0x13; each 8-byte word holds its own physical address; page 0x13 corrupt. */
    private static byte[] image() {
        ByteBuffer b = ByteBuffer.allocate(TestPagedReader.MAGIC.length + 4 * TestPagedReader.PAGE)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(TestPagedReader.MAGIC);
        for (long pa = 0x10_000; pa < 0x14_000; pa += 8) {
            b.putLong(pa);
        }
        b.put(TestPagedReader.MAGIC.length + 3 * TestPagedReader.PAGE, (byte) 0xff);
        return b.array();
    }

    private PhysicalMemory open(ImageLimits limits) throws IOException {
        MemoryImage image = ImageFile.open(Files.write(dir.resolve("vmcore.test"), image()), Arena.ofAuto(), limits);
        assertEquals("test-paged", image.format());
        return image.memory();
    }

    @Test
    void pagesAreReadThroughTheReaderFoundByServiceLoader() throws IOException {
        PhysicalMemory mem = open(ImageLimits.DEFAULT);
        assertEquals(0x10_000L, mem.readLong(0x10_000));
        assertEquals(0x11_ff8L, mem.readLong(0x11_ff8));
        assertEquals(Long.reverseBytes(0x10_008L), mem.readLongBigEndian(0x10_008));
        assertEquals(0x10_010L, mem.readInt(0x10_010));
        // Across the boundary of pages 0x10 and 0x11: the high half of 0x10ff8, the low of 0x11000.
        assertEquals(0x0001_1000_0000_0000L | (0x10_ff8L >>> 32), mem.readLong(0x10_ffc));
        assertTrue(mem.contains(0x10_000, 2 * 4096));
        assertEquals(List.of(new PhysicalMemory.Range(0x10_000, 4 * 4096, 0)), mem.ranges());
        assertEquals(0, mem.corruptPages());
        assertNull(mem.firstCorruption());
    }

    @Test
    void absentAndCorruptPagesAreUnreadableAndCorruptionIsCounted() throws IOException {
        PhysicalMemory mem = open(ImageLimits.DEFAULT);
        assertThrows(Unreadable.class, () -> mem.readLong(0x12_000));
        assertFalse(mem.contains(0x11_ff8, 16));
        assertEquals(0, mem.corruptPages(), "an absent page is not corrupt");
        Unreadable first = assertThrows(Unreadable.class, () -> mem.readLong(0x13_000));
        Unreadable second = assertThrows(Unreadable.class, () -> mem.readInt(0x13_ff0));
        assertTrue(first == second, "faults are the preallocated instance");
        assertEquals(1, mem.corruptPages(), "a corrupt page stays cached as corrupt");
        assertTrue(mem.firstCorruption().startsWith("page 0x13: "), mem.firstCorruption());
        assertTrue(mem.firstCorruption().endsWith("page 0x13: bad checksum"), mem.firstCorruption());
        // Outside every run: like any memory, unreadable and not counted.
        assertThrows(Unreadable.class, () -> mem.readLong(0x14_000));
        assertThrows(Unreadable.class, () -> mem.readLong(0));
        assertEquals(1, mem.corruptPages());
    }

    @Test
    void theCacheIsBoundedAndSharedByThreads() throws Exception {
        byte[] bytes = image();
        TestPagedReader.Pages pages = new TestPagedReader.Pages("t", MemorySegment.ofArray(bytes));
        // Room for two pages, least recently used evicted first: 0x10, 0x11, 0x10 decode twice;
        // then 0x13 (corrupt) evicts 0x11, reading 0x11 again evicts 0x10, and 0x10 again
        // evicts 0x13: three more decodes.
        PhysicalMemory mem = PhysicalMemory.paged(pages, new ImageLimits(1 << 20, 2 * 4096));
        mem.readLong(0x10_000);
        mem.readLong(0x11_000);
        mem.readLong(0x10_008);
        assertEquals(2, pages.decodes.get());
        assertThrows(Unreadable.class, () -> mem.readLong(0x13_000));
        mem.readLong(0x11_000);
        mem.readLong(0x10_000);
        assertEquals(5, pages.decodes.get());

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    java.util.Random random = new java.util.Random(seed);
                    for (int i = 0; i < 20_000; i++) {
                        long pa = 0x10_000 + 8L * random.nextInt(2 * 512);
                        if (mem.readLong(pa) != pa) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "every thread read every word's own address");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badPageLayoutsAreRefused() {
        PagedImage odd = new PagedImage() {
            public int pageSize() { return 3000; }
            public List<PageRun> runs() { return List.of(); }
            public boolean readPage(long pfn, MemorySegment target) { return false; }
            public String description() { return "odd"; }
        };
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.paged(odd, ImageLimits.DEFAULT));
        PagedImage top = new PagedImage() {
            public int pageSize() { return 4096; }
            public List<PageRun> runs() { return List.of(new PageRun(-1L >>> 12, 2)); }
            public boolean readPage(long pfn, MemorySegment target) { return false; }
            public String description() { return "top"; }
        };
        assertThrows(IllegalArgumentException.class, () -> PhysicalMemory.paged(top, ImageLimits.DEFAULT));
    }
}
