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
 * Decompresses a gzip-compressed image so that it can be read like any other. Small images
 * (under {@link #IN_MEMORY_LIMIT} bytes) go into memory allocated in the caller's arena. Larger
 * ones go into a temporary file that is mapped and then deleted at once: on POSIX systems the
 * mapping keeps the data until the arena releases it, and nothing is left behind even if the
 * JVM is killed; where a mapped file cannot be deleted (Windows) it is deleted on exit. The
 * file is written sparse (blocks of zeros are skipped), because dumps of guest memory are
 * mostly zeros: a 256 MiB QEMU dump whose only non-zero pages are page tables takes a few
 * megabytes of disk.
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

    static MemorySegment decompress(Path file, Arena arena) throws IOException {
        return decompress(file, arena, null);
    }

    /** As {@link #decompress(Path, Arena)}, spilling into {@code temporaryDirectory} (null: the system's). */
    static MemorySegment decompress(Path file, Arena arena, Path temporaryDirectory) throws IOException {
        String name = file.toString();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), BLOCK)) {
            byte[] head = in.readNBytes(IN_MEMORY_LIMIT);
            if (head.length == 0) {
                throw new ImageFormatException(name, "empty after gzip decompression");
            }
            if (head.length < IN_MEMORY_LIMIT) {
                MemorySegment segment = arena.allocate(head.length, 8);
                MemorySegment.copy(head, 0, segment, ValueLayout.JAVA_BYTE, 0, head.length);
                return segment.asReadOnly();
            }
            return spill(head, in, arena, temporaryDirectory);
        } catch (EOFException e) {
            throw new ImageFormatException(name, "truncated gzip data", e);
        } catch (ZipException e) {
            throw new ImageFormatException(name, "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    private static MemorySegment spill(byte[] head, InputStream in, Arena arena, Path temporaryDirectory)
            throws IOException {
        Path temporary = temporaryDirectory == null
                ? Files.createTempFile("ptdesc-image-", ".raw")
                : Files.createTempFile(temporaryDirectory, "ptdesc-image-", ".raw");
        try {
            long size;
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                size = writeSparse(out, head, head.length, 0);
                byte[] buffer = new byte[BLOCK];
                int n;
                while ((n = in.readNBytes(buffer, 0, BLOCK)) > 0) {
                    size = writeSparse(out, buffer, n, size);
                }
                if (out.size() < size) {
                    // The image ends in zeros that were skipped: give the file its full length.
                    writeFully(out, new byte[1], 0, 1, size - 1);
                }
            }
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ)) {
                return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
        } finally {
            try {
                Files.delete(temporary);
            } catch (IOException stillMapped) {
                temporary.toFile().deleteOnExit();
            }
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
