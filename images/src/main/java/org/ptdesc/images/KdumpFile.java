package org.ptdesc.images;

import java.io.IOException;
import java.lang.foreign.Arena;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.MemoryImage;

/**
 * Opens a kdump-compressed file, plain or flattened, as a {@link MemoryImage}: its pages, read
 * on demand through a cache bounded by {@link ImageLimits#pageCacheBytes()}, and its notes.
 */
final class KdumpFile {

    private KdumpFile() {}

    static MemoryImage open(ByteSource source, String format, Arena arena, ImageLimits limits) throws IOException {
        DumpHeader header = DumpHeader.read(source);
        KdumpImage image = KdumpImage.open(source, header, format);
        // Pages are decoded on demand through the runtime's bounded cache, never all at once.
        return new MemoryImage(PhysicalMemory.paged(image, limits), format,
                DumpNotes.read(source, header));
    }
}
