package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.ptdesc.runtime.image.ImageFormatException;

/**
 * The bytes of a kdump-compressed file, read by offset: either the file itself, mapped
 * ({@link #of}), or the file a makedumpfile flattened stream describes ({@link FlattenedStream}),
 * which is never materialised. Every read names the file in its error and fails, rather than
 * reading zeros, when it reaches past {@link #size()}.
 */
public sealed interface ByteSource permits ByteSource.Mapped, FlattenedStream {

    /** The file, as the user named it, for messages. */
    String name();

    /** The number of bytes: the file's size, or the rearranged file's for a flattened stream. */
    long size();

    /**
     * Copies {@code length} bytes from {@code offset} into {@code target} at {@code at}.
     *
     * @param what what is being read, for the message when it lies past the end
     * @throws ImageFormatException when any of the bytes lies past {@link #size()}
     */
    void read(long offset, byte[] target, int at, int length, String what) throws ImageFormatException;

    /** The bytes of a mapped (or in-memory) file. */
    static ByteSource of(MemorySegment data, String name) {
        return new Mapped(data, name);
    }

    /** Whether {@code length} bytes from {@code offset} lie inside the source (no overflow for any inputs). */
    default boolean holds(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size() && length <= size() - offset;
    }

    /** "truncated: {what} at file offset 0x.. + 0x.. bytes extends past end of file (N bytes)". */
    default ImageFormatException pastEnd(long offset, long length, String what) {
        return new ImageFormatException(name(), "truncated: " + what + " at file offset 0x" + Long.toHexString(offset)
                + " + 0x" + Long.toHexString(length) + " bytes extends past end of file (" + size() + " bytes)");
    }

    /** A plain file: the segment is the file. */
    record Mapped(MemorySegment data, String name) implements ByteSource {

        @Override
        public long size() {
            return data.byteSize();
        }

        @Override
        public void read(long offset, byte[] target, int at, int length, String what) throws ImageFormatException {
            if (!holds(offset, length)) {
                throw pastEnd(offset, length, what);
            }
            MemorySegment.copy(data, ValueLayout.JAVA_BYTE, offset, target, at, length);
        }
    }
}
