package org.ptdesc.runtime.image;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Decompresses a gzip-compressed image so that it can be read like any other, never past the
 * caller's {@link ImageLimits#maxDecompressedBytes()}. Small images (under
 * {@link #IN_MEMORY_LIMIT} bytes) go into memory allocated in the caller's arena, off the heap
 * (a JVM with a 16 MiB heap opens them too). Larger ones go into a temporary file that is
 * unlinked as soon as it is open, before a byte is written: the open channel and then the
 * mapping keep the data until the arena releases it, so no file survives the process however it
 * ends (normal exit, an exception, SIGTERM, SIGKILL). Where an open file cannot be unlinked
 * (Windows) it is deleted when closed instead. The file is written sparse (blocks of zeros
 * are skipped), because dumps of guest memory are mostly zeros: a 256 MiB QEMU dump whose only
 * non-zero pages are page tables takes a few megabytes of disk.
 */
final class GzipImage {

    /** Images smaller than this are decompressed into memory rather than into a file. */
    static final int IN_MEMORY_LIMIT = 16 << 20;

    private static final int BLOCK = 64 << 10;
    private static final byte[] ZEROS = new byte[BLOCK];

    private GzipImage() {}

    /** True when {@code head}, the first bytes of a file, begin with gzip's magic number. */
    static boolean isGzip(byte[] head) {
        return head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    }

    static MemorySegment decompress(Path file, Arena arena, ImageLimits limits) throws IOException {
        return decompress(file, arena, limits, null);
    }

    /** As {@link #decompress(Path, Arena, ImageLimits)}, spilling into {@code temporaryDirectory} (null: the system's). */
    static MemorySegment decompress(Path file, Arena arena, ImageLimits limits, Path temporaryDirectory)
            throws IOException {
        String name = file.toString();
        long max = limits.maxDecompressedBytes();
        byte[] buffer = new byte[BLOCK];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BLOCK);
                Arena scratch = Arena.ofConfined()) {
            // The first IN_MEMORY_LIMIT bytes (at most) off the heap, in blocks.
            MemorySegment head = scratch.allocate(max >= IN_MEMORY_LIMIT ? IN_MEMORY_LIMIT : max + 1);
            long size = 0;
            int n;
            while (size < head.byteSize() && (n = in.readNBytes(buffer, 0, (int) Math.min(BLOCK, head.byteSize() - size))) > 0) {
                MemorySegment.copy(buffer, 0, head, ValueLayout.JAVA_BYTE, size, n);
                size += n;
            }
            if (size == 0) {
                throw new ImageFormatException(name, "empty after gzip decompression");
            }
            if (size > max) {
                throw tooLarge(name, max);
            }
            if (size < IN_MEMORY_LIMIT) { // the stream ended before the in-memory limit
                MemorySegment segment = arena.allocate(size, 8);
                MemorySegment.copy(head, 0, segment, 0, size);
                return segment.asReadOnly();
            }
            return spill(name, head.asSlice(0, size), in, buffer, arena, limits, temporaryDirectory);
        } catch (EOFException e) {
            throw new ImageFormatException(name, "truncated gzip data", e);
        } catch (ZipException e) {
            throw new ImageFormatException(name, "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    private static ImageFormatException tooLarge(String name, long max) {
        return new ImageFormatException(name, "gzip data decompresses to more than " + max
                + " bytes, the limit (raise it with --max-decompressed)");
    }

    /** Decompresses the rest into an unlinked temporary file, after {@code head}, and maps it. */
    private static MemorySegment spill(String name, MemorySegment head, InputStream in, byte[] buffer, Arena arena,
            ImageLimits limits, Path temporaryDirectory) throws IOException {
        Path temporary = temporaryDirectory == null
                ? Files.createTempFile("ptdesc-image-", ".raw")
                : Files.createTempFile(temporaryDirectory, "ptdesc-image-", ".raw");
        FileChannel out;
        try {
            out = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        try (out) {
            try {
                Files.delete(temporary); // from now on only this channel (and then the mapping) holds the data
            } catch (IOException openFilesCannotBeDeleted) {
                temporary.toFile().deleteOnExit();
            }
            long size = 0;
            for (long at = 0; at < head.byteSize(); at += BLOCK) {
                int n = (int) Math.min(BLOCK, head.byteSize() - at);
                MemorySegment.copy(head, ValueLayout.JAVA_BYTE, at, buffer, 0, n);
                size = writeSparse(out, buffer, n, size);
            }
            long max = limits.maxDecompressedBytes();
            int n;
            while ((n = in.readNBytes(buffer, 0, BLOCK)) > 0) {
                if (n > max - size) {
                    throw tooLarge(name, max);
                }
                size = writeSparse(out, buffer, n, size);
            }
            if (out.size() < size) {
                // The image ends in zeros that were skipped: give the file its full length.
                writeFully(out, new byte[1], 0, 1, size - 1);
            }
            return out.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
    }

    /** Writes {@code buffer[0..n)} at {@code position}, leaving holes for all-zero blocks; returns the new end. */
    private static long writeSparse(FileChannel out, byte[] buffer, int n, long position) throws IOException {
        for (int i = 0; i < n; i += BLOCK) {
            int length = Math.min(BLOCK, n - i);
            if (Arrays.mismatch(buffer, i, i + length, ZEROS, 0, length) != -1) {
                writeFully(out, buffer, i, length, position + i);
            }
        }
        return position + n;
    }

    private static void writeFully(FileChannel out, byte[] buffer, int from, int length, long position)
            throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, from, length);
        while (bytes.hasRemaining()) {
            position += out.write(bytes, position);
        }
    }
}
