package org.ptdesc.runtime;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ptdesc.runtime.image.PagedImage;

/**
 * The decoded pages of a {@link PagedImage} that {@link PhysicalMemory#paged} reads through: a
 * least-recently-used map from page frame number to the page's bytes, holding at most the bytes
 * the caller's limit allows (at least two pages, so that a read across a page boundary never
 * evicts its own first half). Pages the image does not hold and pages whose data is corrupt are
 * remembered too (as markers without bytes), so that neither is decoded again while cached.
 *
 * <p>One lock guards the map, the decoding and the copy out of a page, so that a buffer reused
 * for another page is never read half-written; decoding is therefore serial. Faults throw the
 * preallocated {@link PhysicalMemory.Unreadable}: a corrupt page costs one counter increment,
 * and its message is kept only the first time.
 */
final class PageCache {

    private static final byte[] ABSENT = new byte[0];
    private static final byte[] CORRUPT = new byte[0];

    private final PagedImage image;
    private final int pageSize;
    private final int shift;
    private final Map<Long, byte[]> pages;
    private final AtomicLong corrupt = new AtomicLong();
    private volatile String firstCorruption;
    /** A page buffer evicted by the last insertion, reused by the next decode. Guarded by this. */
    private byte[] spare;

    PageCache(PagedImage image, long cacheBytes) {
        this.image = image;
        this.pageSize = image.pageSize();
        this.shift = Integer.numberOfTrailingZeros(pageSize);
        int capacity = (int) Math.max(2, Math.min(1 << 24, cacheBytes / pageSize));
        this.pages = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                if (size() <= capacity) {
                    return false;
                }
                byte[] bytes = eldest.getValue();
                if (bytes.length == pageSize) {
                    spare = bytes;
                }
                return true;
            }
        };
    }

    boolean withinOnePage(long pa, int size) {
        return (pa >>> shift) == ((pa + size - 1) >>> shift);
    }

    /** {@code size} bytes (1, 4 or 8) at {@code pa}, all in one page. @throws PhysicalMemory.Unreadable */
    synchronized long read(long pa, int size, boolean bigEndian) {
        byte[] page = page(pa >>> shift);
        int at = (int) (pa & (pageSize - 1));
        long value = 0;
        for (int k = 0; k < size; k++) {
            long b = Byte.toUnsignedLong(page[at + k]);
            value |= bigEndian ? b << (8 * (size - 1 - k)) : b << (8 * k);
        }
        return value;
    }

    /** True when every page from the one holding {@code pa} to the one holding {@code last} reads. */
    synchronized boolean holds(long pa, long last) {
        for (long pfn = pa >>> shift; ; pfn++) {
            try {
                page(pfn);
            } catch (PhysicalMemory.Unreadable e) {
                return false;
            }
            if (pfn == last >>> shift) {
                return true;
            }
        }
    }

    long corruptPages() {
        return corrupt.get();
    }

    String firstCorruption() {
        return firstCorruption;
    }

    /** The page's bytes, decoding it on a miss. Caller holds the lock. */
    private byte[] page(long pfn) {
        byte[] page = pages.get(pfn);
        if (page == null) {
            page = decode(pfn);
            pages.put(pfn, page);
        }
        if (page.length != pageSize) {
            throw PhysicalMemory.Unreadable.INSTANCE;
        }
        return page;
    }

    private byte[] decode(long pfn) {
        byte[] buffer = spare != null ? spare : new byte[pageSize];
        spare = null;
        try {
            if (!image.readPage(pfn, MemorySegment.ofArray(buffer))) {
                spare = buffer;
                return ABSENT;
            }
            return buffer;
        } catch (IOException | RuntimeException e) {
            // A reader's bug or a corrupt page: either way this page cannot be trusted. Counted,
            // so that a caller can tell a damaged image from a sparse one.
            spare = buffer;
            if (corrupt.getAndIncrement() == 0) {
                firstCorruption = "page 0x" + Long.toHexString(pfn) + ": " + e.getMessage();
            }
            return CORRUPT;
        }
    }
}
