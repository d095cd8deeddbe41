package org.ptdesc.runtime.image;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one way in from a file to a {@link MemoryImage}: checks that the file is a regular file
 * (a FIFO or a device would block or never end), maps it read-only into a caller's
 * {@link Arena} (the file channel is closed at once, which does not unmap), decompresses gzip
 * within the caller's {@link ImageLimits}, and picks the reader by the content: the runtime's
 * own formats first (ELF core, LiME), then every {@link ImageReader} found by
 * {@link ServiceLoader}. A file that no reader recognises is refused, naming the formats that
 * are recognised: raw memory is read only through {@link #openRaw}, where the caller gives the
 * physical address of the first byte.
 *
 * <p>The regular-file check and the open are two steps: a file swapped for a FIFO between them
 * can still block the open. That race needs a hostile local user; it is accepted.
 */
public final class ImageFile {

    /** The first bytes given to {@link ImageReader#recognises}. */
    private static final int HEAD = 4096;

    private ImageFile() {}

    /**
     * The image in {@code file}, whatever its recognised format.
     *
     * @throws ImageFormatException if the file is in no recognised format, or is truncated or
     *     corrupt, or decompresses past {@code limits}
     * @throws IOException if the file cannot be read, or is not a regular file
     */
    public static MemoryImage open(Path file, Arena arena, ImageLimits limits) throws IOException {
        String name = file.toString();
        MemorySegment data = map(file, arena, limits);
        ImageFormat format = ImageFormat.detect(data);
        switch (format) {
            case ELF_CORE -> {
                return ElfCore.open(data, name);
            }
            case LIME -> {
                return new MemoryImage(LimeImage.read(data, name), "lime", ImageNotes.NONE);
            }
            default -> { }
        }
        MemorySegment head = data.asSlice(0, Math.min(HEAD, data.byteSize()));
        for (ImageReader reader : readers()) {
            if (reader.recognises(head)) {
                return openWith(reader, file, data, arena, limits);
            }
        }
        throw switch (format) {
            case KDUMP_COMPRESSED, DISKDUMP -> new ImageFormatException(name,
                    "compressed kdump format is not supported without the ptdesc-images module on the class path;"
                            + " convert it to an ELF core with 'makedumpfile -E' (or dump with QEMU's"
                            + " dump-guest-memory without -z/-l/-s)");
            case MAKEDUMPFILE_FLATTENED -> new ImageFormatException(name,
                    "flattened makedumpfile format is not supported without the ptdesc-images module on the class"
                            + " path; rearrange it with 'makedumpfile -R' into an ELF core (made with -E)");
            default -> new ImageFormatException(name, "not a memory image in a recognised format (it starts with "
                    + hex(head, 8) + "); recognised: " + String.join(", ", recognisedFormats())
                    + ", each possibly gzip-compressed; a raw copy of physical memory is read only when its base"
                    + " address is given (--base ADDRESS)");
        };
    }

    /**
     * A raw image: byte {@code x} of the (possibly gzip-compressed) file is physical address
     * {@code base + x}. Unless {@code evenIfRecognised}, a file in a recognised format is
     * refused, because reading an ELF core's headers as memory is never what was meant.
     *
     * @throws ImageFormatException if the file is empty, would wrap past the top of the
     *     address space, or is in a recognised format and {@code evenIfRecognised} is false
     * @throws IOException if the file cannot be read, or is not a regular file
     */
    public static MemoryImage openRaw(Path file, long base, boolean evenIfRecognised, Arena arena,
            ImageLimits limits) throws IOException {
        String name = file.toString();
        MemorySegment data = map(file, arena, limits);
        if (!evenIfRecognised) {
            String format = recognisedFormat(data);
            if (format != null) {
                throw new ImageFormatException(name, "is " + format + ", not raw memory: open it without --base,"
                        + " or add --raw to read its bytes as raw memory anyway");
            }
        }
        return new MemoryImage(RawImage.read(data, base, name), "raw", ImageNotes.NONE);
    }

    /** The name of the format {@code data} is in, or null when no reader recognises it. */
    private static String recognisedFormat(MemorySegment data) {
        ImageFormat format = ImageFormat.detect(data);
        switch (format) {
            case ELF_CORE -> {
                return "an ELF file";
            }
            case LIME -> {
                return "a LiME image";
            }
            case KDUMP_COMPRESSED, DISKDUMP, MAKEDUMPFILE_FLATTENED -> {
                return "a makedumpfile image";
            }
            default -> { }
        }
        MemorySegment head = data.asSlice(0, Math.min(HEAD, data.byteSize()));
        for (ImageReader reader : readers()) {
            if (reader.recognises(head)) {
                return "in format " + reader.format();
            }
        }
        return null;
    }

    /** The formats {@link #open} reads: the runtime's own, then those of the readers on the class path. */
    public static List<String> recognisedFormats() {
        List<String> formats = new ArrayList<>(List.of("ELF core", "LiME"));
        for (ImageReader reader : readers()) {
            formats.add(reader.format());
        }
        return formats;
    }

    private static MemoryImage openWith(ImageReader reader, Path file, MemorySegment data, Arena arena,
            ImageLimits limits) throws IOException {
        try {
            return reader.open(file, data, arena, limits);
        } catch (RuntimeException e) {
            // A reader's bug must still reach the user as a located error, not a stack trace.
            throw new ImageFormatException(file.toString(), reader.format() + " reader failed: " + e, e);
        }
    }

    private static List<ImageReader> readers() {
        List<ImageReader> readers = new ArrayList<>();
        try {
            ServiceLoader.load(ImageReader.class, ImageFile.class.getClassLoader()).forEach(readers::add);
        } catch (ServiceConfigurationError e) {
            // A broken service entry must not stop the runtime's own formats from opening.
        }
        return readers;
    }

    /**
     * The bytes of {@code file}, read-only: the file itself mapped into {@code arena}, or, for
     * a gzip file (detected by its magic bytes, whatever its name), its decompressed content,
     * at most {@code limits.maxDecompressedBytes()} of it.
     *
     * @throws ImageFormatException if the file is empty, its gzip data is corrupt, or it
     *     decompresses past the limit
     * @throws IOException if the file cannot be read, or is not a regular file
     */
    public static MemorySegment map(Path file, Arena arena, ImageLimits limits) throws IOException {
        String name = file.toString();
        requireRegularFile(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                throw new ImageFormatException(name, "empty file");
            }
            if (GzipImage.isGzip(magic(channel))) {
                return GzipImage.decompress(file, arena, limits);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
    }

    /** As {@link #map(Path, Arena, ImageLimits)} with {@link ImageLimits#DEFAULT}. */
    public static MemorySegment map(Path file, Arena arena) throws IOException {
        return map(file, arena, ImageLimits.DEFAULT);
    }

    /**
     * Refuses directories, FIFOs, devices and sockets before anything opens them: opening a
     * FIFO without a writer blocks forever, and a character device such as {@code /dev/zero}
     * reports size 0 yet never ends.
     */
    private static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (attributes.isRegularFile()) {
            return;
        }
        String kind = attributes.isDirectory() ? "a directory" : kindOfSpecialFile(file);
        throw new IOException(file + ": not a regular file (it is " + kind + "); a memory image must be a file");
    }

    private static String kindOfSpecialFile(Path file) {
        try {
            // POSIX st_mode file-type bits, where the platform gives them.
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            return switch (mode & 0170000) {
                case 0010000 -> "a FIFO";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | RuntimeException e) {
            return "a special file";
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

    /** The first {@code n} bytes as "'7f 45 4c 46'", for messages. */
    private static String hex(MemorySegment data, int n) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < Math.min(n, data.byteSize()); i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", data.get(ValueLayout.JAVA_BYTE, i)));
        }
        return sb.append('\'').toString();
    }
}
