package org.ptdesc.images;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.ptdesc.runtime.image.ImageFormat;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.ImageReader;
import org.ptdesc.runtime.image.MemoryImage;

/**
 * Reads makedumpfile's kdump-compressed files ({@code KDUMP   }, and the older {@code DISKDUMP}
 * signature), as makedumpfile writes them and as {@code makedumpfile -R} rearranges QEMU's
 * flattened dumps; registered with {@link java.util.ServiceLoader}. See {@link KdumpImage} for
 * how pages are read and {@link DumpHeader} for the headers.
 */
public final class KdumpReader implements ImageReader {

    @Override
    public String format() {
        return "kdump-compressed";
    }

    @Override
    public boolean recognises(MemorySegment head) {
        ImageFormat format = ImageFormat.detect(head);
        return format == ImageFormat.KDUMP_COMPRESSED || format == ImageFormat.DISKDUMP;
    }

    @Override
    public MemoryImage open(Path file, MemorySegment data, Arena arena, ImageLimits limits) throws IOException {
        return KdumpFile.open(ByteSource.of(data, file.toString()), format(), arena, limits);
    }
}
