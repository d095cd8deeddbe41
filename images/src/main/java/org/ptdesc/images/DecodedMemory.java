package org.ptdesc.images;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.PagedImage;

/**
 * The one place where this module turns a {@link PagedImage} into {@link PhysicalMemory}.
 *
 * <p>INTERIM, to be replaced at merge time: the runtime is gaining
 * {@code PhysicalMemory.paged(PagedImage, ImageLimits)}, which reads pages on demand through a
 * bounded cache. Until it is on this branch, {@link #of} decodes every dumped page once into
 * {@code arena} (absent pages stay out of the ranges, so they still fault rather than read as
 * zeros), refusing images whose dumped pages exceed {@link ImageLimits#maxDecompressedBytes()}.
 * When {@code paged} arrives, the body of {@link #of} becomes {@code return
 * PhysicalMemory.paged(image, limits);} and nothing else changes.
 */
final class DecodedMemory {

    private DecodedMemory() {}

    static PhysicalMemory of(PagedImage image, String name, Arena arena, ImageLimits limits) throws IOException {
        int pageSize = image.pageSize();
        long pages = 0;
        for (PagedImage.PageRun run : image.runs()) {
            pages += run.count();
        }
        if (pages > limits.maxDecompressedBytes() / pageSize) {
            throw new ImageFormatException(name, "its " + pages + " pages of " + pageSize
                    + " bytes exceed the limit of " + limits.maxDecompressedBytes() + " decompressed bytes");
        }
        MemorySegment data = arena.allocate(Math.max(1, pages * pageSize), 8);
        List<PhysicalMemory.Range> ranges = new ArrayList<>();
        long used = 0;
        long rangeStart = -1;
        long rangeOffset = 0;
        for (PagedImage.PageRun run : image.runs()) {
            for (long pfn = run.firstPfn(); pfn < run.firstPfn() + run.count(); pfn++) {
                boolean present = image.readPage(pfn, data.asSlice(used, pageSize));
                long pa = pfn * pageSize;
                if (present && rangeStart >= 0 && rangeOffset + (pa - rangeStart) == used) {
                    used += pageSize;
                    continue;
                }
                if (rangeStart >= 0) {
                    ranges.add(new PhysicalMemory.Range(rangeStart, used - rangeOffset, rangeOffset));
                    rangeStart = -1;
                }
                if (present) {
                    rangeStart = pa;
                    rangeOffset = used;
                    used += pageSize;
                }
            }
        }
        if (rangeStart >= 0) {
            ranges.add(new PhysicalMemory.Range(rangeStart, used - rangeOffset, rangeOffset));
        }
        if (ranges.isEmpty()) {
            throw new ImageFormatException(name, "the dump holds no pages");
        }
        return PhysicalMemory.of(data.asReadOnly(), ranges, image.description());
    }
}
