package org.ptdesc.runtime.image;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A reader of one memory-image format, found by {@link java.util.ServiceLoader} so that formats
 * which need a decompression library can live outside the dependency-free runtime (the
 * {@code ptdesc-images} module registers its readers in
 * {@code META-INF/services/org.ptdesc.runtime.image.ImageReader}). The runtime's own formats are
 * consulted first; a file that no reader recognises is not guessed at.
 */
public interface ImageReader {

    /** A short, stable name of the format, for messages and {@code ptdesc info} (e.g. {@code kdump-compressed}). */
    String format();

    /**
     * Whether an image starting with {@code head} is in this format. {@code head} holds the
     * file's first bytes: at least 4096 of them, or the whole file when it is shorter.
     */
    boolean recognises(MemorySegment head);

    /**
     * Opens an image this reader recognised. {@code data} is the whole file, mapped read-only in
     * {@code arena}; anything the reader allocates (decoded pages, indexes) belongs to
     * {@code arena} or the heap and is bounded by {@code limits}, never by what the file claims.
     *
     * @throws ImageFormatException when the file is corrupt or truncated, with what and where
     */
    MemoryImage open(Path file, MemorySegment data, Arena arena, ImageLimits limits) throws IOException;
}
