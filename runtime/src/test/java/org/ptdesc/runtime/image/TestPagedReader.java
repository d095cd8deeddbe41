package org.ptdesc.runtime.image;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A paged format for tests, found through {@code META-INF/services} as the {@code images}
 * module's readers will be: the magic {@code PAGEDTST}, then 4096-byte pages for page frames
 * 0x10 to 0x13. Frame 0x12 is absent (excluded, as makedumpfile excludes free pages), frame
 * 0x13's stored data is corrupt (its first byte is 0xff, which this format forbids).
 */
public final class TestPagedReader implements ImageReader {

    static final byte[] MAGIC = "PAGEDTST".getBytes(StandardCharsets.US_ASCII);
    static final int PAGE = 4096;
    static final long FIRST = 0x10;

    @Override
    public String format() {
        return "test-paged";
    }

    @Override
    public boolean recognises(MemorySegment head) {
        return head.byteSize() >= MAGIC.length
                && MemorySegment.mismatch(head, 0, MAGIC.length, MemorySegment.ofArray(MAGIC), 0, MAGIC.length) == -1;
    }

    @Override
    public MemoryImage open(Path file, MemorySegment data, Arena arena, ImageLimits limits) throws IOException {
        if (data.byteSize() < MAGIC.length + 4L * PAGE) {
            throw new ImageFormatException(file.toString(), "truncated test-paged image");
        }
        return new MemoryImage(PhysicalMemory.paged(new Pages(file.toString(), data), limits), format(), ImageNotes.NONE);
    }

    /** The pages of one file; counts decodes so that tests can see the cache work. */
    static final class Pages implements PagedImage {
        final String name;
        final MemorySegment data;
        final java.util.concurrent.atomic.AtomicInteger decodes = new java.util.concurrent.atomic.AtomicInteger();

        Pages(String name, MemorySegment data) {
            this.name = name;
            this.data = data;
        }

        @Override
        public int pageSize() {
            return PAGE;
        }

        @Override
        public List<PageRun> runs() {
            return List.of(new PageRun(FIRST, 4));
        }

        @Override
        public boolean readPage(long pfn, MemorySegment target) throws IOException {
            decodes.incrementAndGet();
            if (pfn < FIRST || pfn >= FIRST + 4 || pfn == FIRST + 2) {
                return false;
            }
            long at = MAGIC.length + (pfn - FIRST) * PAGE;
            if (data.get(ValueLayout.JAVA_BYTE, at) == (byte) 0xff) {
                throw new ImageFormatException(name, "page 0x" + Long.toHexString(pfn) + ": bad checksum");
            }
            MemorySegment.copy(data, at, target, 0, PAGE);
            return true;
        }

        @Override
        public String description() {
            return name + ": test-paged image, 4096-byte pages";
        }
    }
}
