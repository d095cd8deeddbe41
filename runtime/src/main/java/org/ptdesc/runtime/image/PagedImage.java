package org.ptdesc.runtime.image;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * Physical memory whose pages are decoded on demand, as in makedumpfile's compressed kdump
 * format: {@link org.ptdesc.runtime.PhysicalMemory#paged} reads through a bounded cache of
 * decoded pages, so a 64 GiB dump is walked in the memory the cache allows.
 *
 * <p>Implementations are safe for use by several threads at once, or say otherwise.
 */
public interface PagedImage {

    /** The page size in bytes: a power of two. */
    int pageSize();

    /** The runs of pages the image holds, ascending and not overlapping. */
    List<PageRun> runs();

    /**
     * Decodes page {@code pfn} into the first {@link #pageSize()} bytes of {@code target}.
     *
     * @return false when the image holds no such page (excluded by the dump's filter, or never
     *     dumped): such a page is absent, not zeros
     * @throws ImageFormatException when the page's stored data is corrupt
     */
    boolean readPage(long pfn, MemorySegment target) throws IOException;

    /** What the image is, for messages (e.g. {@code kdump-compressed (zstd) vmcore, 4096-byte pages}). */
    String description();

    /** A run of {@code count} pages from page frame {@code firstPfn}. */
    record PageRun(long firstPfn, long count) {}
}
