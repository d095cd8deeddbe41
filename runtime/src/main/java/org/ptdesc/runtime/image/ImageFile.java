package org.ptdesc.runtime.image;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * Turns an image file into bytes and the bytes into {@link PhysicalMemory}: maps the file
 * read-only into a caller's {@link Arena} (the arena's owner decides when the mapping ends;
 * the file channel is closed at once, which does not unmap), decompresses gzip files first
 * (see {@link GzipImage}), and picks the reader by the {@link ImageFormat} found in the bytes.
 */
public final class ImageFile {

    private ImageFile() {}

    /** The memory in {@code file}, whatever its {@link ImageFormat}; raw images start at address 0. */
    public static PhysicalMemory open(Path file, Arena arena) throws IOException {
        String name = file.toString();
        MemorySegment data = map(file, arena);
        return switch (ImageFormat.detect(data)) {
            case ELF_CORE -> ElfCore.read(data, name);
            case RAW -> RawImage.read(data, 0, name);
            case KDUMP_COMPRESSED, DISKDUMP -> throw new ImageFormatException(name,
                    "compressed kdump format is not supported; convert it to an ELF core with"
                            + " 'makedumpfile -E' (or dump with QEMU's dump-guest-memory without -z/-l/-s)");
            case MAKEDUMPFILE_FLATTENED -> throw new ImageFormatException(name,
                    "flattened makedumpfile format is not supported; rearrange it with 'makedumpfile -R'"
                            + " into an ELF core (made with -E)");
        };
    }

    /**
     * The image in {@code file} with its format name and notes. Minimal form until the image
     * readers' version lands: the memory as {@link #open(Path, Arena)} reads it, no notes.
     * ({@code limits} is accepted for the final signature and not used here.)
     */
    public static MemoryImage open(Path file, Arena arena, ImageLimits limits) throws IOException {
        String name = file.toString();
        MemorySegment data = map(file, arena);
        return switch (ImageFormat.detect(data)) {
            case ELF_CORE -> new MemoryImage(ElfCore.read(data, name), "elf-core", ImageNotes.NONE);
            case RAW -> new MemoryImage(RawImage.read(data, 0, name), "raw", ImageNotes.NONE);
            default -> new MemoryImage(open(file, arena), "unsupported", ImageNotes.NONE); // open refuses these with a message
        };
    }

    /**
     * The bytes of {@code file}, read-only: the file itself mapped into {@code arena}, or, for
     * a gzip file (detected by its magic bytes, whatever its name), its decompressed content.
     *
     * @throws ImageFormatException if the file is empty or its gzip data is corrupt
     */
    public static MemorySegment map(Path file, Arena arena) throws IOException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new IOException(name + ": is a directory, not a memory image");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new ImageFormatException(name, "empty file");
            }
            if (GzipImage.isGzip(magic(channel))) {
                return GzipImage.decompress(file, arena);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
    }

    /** Up to the first two bytes of the file, read without mapping it. */
    private static byte[] magic(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(2);
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // read until two bytes or end of file
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }
}
