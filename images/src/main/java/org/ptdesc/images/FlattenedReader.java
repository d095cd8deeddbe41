package org.ptdesc.images;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.ImageReader;
import org.ptdesc.runtime.image.MemoryImage;

/**
 * Reads makedumpfile's flattened format ({@code makedumpfile -F}; QEMU's {@code dump-guest-memory
 * -z/-l/-s}, {@code virsh dump --memory-only --format=kdump-*}) directly, without
 * {@code makedumpfile -R}: the stream's records are indexed once ({@link FlattenedStream}) and
 * the kdump-compressed file they describe is read through that index. Registered with
 * {@link java.util.ServiceLoader}.
 */
public final class FlattenedReader implements ImageReader {

    @Override
    public String format() {
        return "makedumpfile-flattened";
    }

    @Override
    public boolean recognises(MemorySegment head) {
        return FlattenedStream.recognises(head);
    }

    @Override
    public MemoryImage open(Path file, MemorySegment data, Arena arena, ImageLimits limits) throws IOException {
        return KdumpFile.open(FlattenedStream.index(data, file.toString()), format(), arena, limits);
    }
}
