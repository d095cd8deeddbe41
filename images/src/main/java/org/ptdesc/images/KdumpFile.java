package org.ptdesc.images;

import java.io.IOException;
import java.lang.foreign.Arena;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.MemoryImage;

/** Opens a kdump-compressed file, plain or flattened, as a {@link MemoryImage}: its pages and its notes. */
final class KdumpFile {

    private KdumpFile() {}

    static MemoryImage open(ByteSource source, String format, Arena arena, ImageLimits limits) throws IOException {
        DumpHeader header = DumpHeader.read(source);
        KdumpImage image = KdumpImage.open(source, header, format);
        return new MemoryImage(DecodedMemory.of(image, source.name(), arena, limits), format,
                DumpNotes.read(source, header));
    }
}
