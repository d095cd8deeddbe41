package org.ptdesc.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A dump that claims 64 GiB (2^24 pages of 4 KiB) read through a cache of sixteen pages: the
 * claim costs nothing until pages are read, the pages read are decoded into at most the cache's
 * buffers, and the whole test takes well under a second of work.
 */
class LargePagedImageTest {

    private static final int PAGE = 4096;
    private static final long PAGES = 1L << 24;
    private static final int CACHE_PAGES = 16;

    /**
     * Every aligned little-endian word holds its own physical address, so any read has a value
     * computable by hand; the buffers the cache hands over, and the decodes, are counted.
     */
    private static final class ClaimedImage implements PagedImage {
        final Set<Object> buffers = Collections.newSetFromMap(new IdentityHashMap<>());
        long decodes;

        @Override
        public int pageSize() {
            return PAGE;
        }

        @Override
        public List<PageRun> runs() {
            // 64 GiB in two runs, with a 1 GiB hole between them (as below and above a PCI hole).
            return List.of(new PageRun(0, PAGES / 2), new PageRun(PAGES / 2 + (1 << 18), PAGES / 2));
        }

        @Override
        public synchronized boolean readPage(long pfn, MemorySegment target) {
            buffers.add(target.heapBase().orElseThrow());
            decodes++;
            for (int at = 0; at < PAGE; at += 8) {
                target.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), at,
                        pfn * PAGE + at);
            }
            return true;
        }

        @Override
        public String description() {
            return "synthetic 64 GiB image";
        }
    }

    @Test
    void sixtyFourGibibytesAreReadThroughSixteenPageBuffers() {
        ClaimedImage image = new ClaimedImage();
        PhysicalMemory memory = PhysicalMemory.paged(image, new ImageLimits(1L << 30, CACHE_PAGES * PAGE));
        long total = memory.ranges().stream().mapToLong(PhysicalMemory.Range::length).sum();
        assertEquals(64L << 30, total);
        assertEquals(0, image.decodes, "opening decodes nothing");

        long second = (PAGES / 2 + (1 << 18)) * PAGE;   // the first byte of the second run
        long end = second + (PAGES / 2) * PAGE;          // just past the last byte
        long pagesTouched = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long touched = 0;
            // 40,000 pages spread over both runs, each read at three places, one of them a
            // word that straddles into the next page.
            long stride = PAGES / 20_000;
            for (long pfn = 0; pfn < PAGES + (1 << 18); pfn += stride) {
                long pa = pfn * PAGE;
                if (pa >= PAGES / 2 * PAGE && pa < second) {
                    continue; // the hole
                }
                assertEquals(pa + 8, memory.readLong(pa + 8));
                assertEquals(pa + 0x7f8, memory.readLong(pa + 0x7f8));
                long last = pa + PAGE - 8;
                if (last + 8 < end && !(last + 8 == PAGES / 2 * PAGE)) {
                    // Bytes 4..7 of the page's last word, then bytes 0..3 of the next page's first.
                    long expected = (last >>> 32) | ((last + 8) & 0xffff_ffffL) << 32;
                    assertEquals(expected, memory.readLong(last + 4), () -> "straddling 0x" + Long.toHexString(last));
                    touched++;
                }
                touched++;
            }
            return touched;
        });
        assertTrue(pagesTouched > 30_000, "pages touched: " + pagesTouched);
        assertTrue(image.decodes >= pagesTouched, "every distinct page is decoded once: " + image.decodes);
        // The cache holds sixteen pages, plus the one spare it reuses: nothing else was allocated.
        assertTrue(image.buffers.size() <= CACHE_PAGES + 1, "page buffers allocated: " + image.buffers.size());

        // A page read again while cached is not decoded again; the hole and the end are unreadable.
        long lastPage = end - PAGE;
        assertEquals(lastPage, memory.readLong(lastPage));
        long before = image.decodes;
        assertEquals(lastPage + 0xff8, memory.readLong(lastPage + 0xff8));
        assertEquals(before, image.decodes);
        assertThrows(PhysicalMemory.Unreadable.class, () -> memory.readLong(PAGES / 2 * PAGE));
        assertThrows(PhysicalMemory.Unreadable.class, () -> memory.readLong(end));
        assertEquals(second, memory.readLong(second));
    }
}
