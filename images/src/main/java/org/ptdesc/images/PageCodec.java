package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * How one page of a kdump-compressed file is stored, from the {@code flags} of its
 * {@code page_desc}: as it is, or compressed with zlib ({@code DUMP_DH_COMPRESSED_ZLIB}, 0x1,
 * zlib's {@code compress2} format), LZO1X ({@code _LZO}, 0x2, a raw {@code lzo1x_1} block),
 * Snappy ({@code _SNAPPY}, 0x4, raw Snappy) or Zstandard ({@code _ZSTD}, 0x20, one frame).
 * zlib is the JDK's, LZO1X and Snappy are our own pure-Java decoders ({@link Lzo1xBlock},
 * {@link SnappyBlock}), Zstandard is the reference library through zstd-jni ({@link ZstdFrame}).
 * None of them touches {@code sun.misc.Unsafe}, so decoding prints nothing on JDK 25. Every
 * decoder writes straight into the target page, and is safe for several threads at once.
 */
public enum PageCodec {
    NONE(0, "uncompressed"),
    ZLIB(0x1, "zlib"),
    LZO(0x2, "lzo"),
    SNAPPY(0x4, "snappy"),
    ZSTD(0x20, "zstd");

    /** The flags that name a compression; a descriptor may set at most one of them. */
    static final int COMPRESSION_FLAGS = 0x1 | 0x2 | 0x4 | 0x20;

    private final int flag;
    private final String label;

    PageCodec(int flag, String label) {
        this.flag = flag;
        this.label = label;
    }

    /** The short name used in descriptions and messages. */
    public String label() {
        return label;
    }

    /** The codec a descriptor's flags name, or null when they name more than one. */
    static PageCodec of(int flags) {
        int compression = flags & COMPRESSION_FLAGS;
        for (PageCodec codec : values()) {
            if (codec.flag == compression) {
                return codec;
            }
        }
        return null;
    }

    /**
     * Decodes the first {@code length} bytes of {@code stored} into the first {@code size}
     * bytes of {@code page}, which must hold at least {@code size} bytes.
     *
     * @throws CorruptData when the data does not decode to exactly {@code size} bytes; nothing
     *     past {@code size} bytes of the page is written in any case
     */
    void decode(byte[] stored, int length, MemorySegment page, int size) throws CorruptData {
        switch (this) {
            case NONE -> {
                if (length != size) {
                    throw new CorruptData(0, "an uncompressed page of " + length + " bytes, not " + size);
                }
                MemorySegment.copy(stored, 0, page, ValueLayout.JAVA_BYTE, 0, size);
            }
            case ZLIB -> inflate(stored, length, page.asSlice(0, size).asByteBuffer(), size);
            case LZO -> Lzo1xBlock.decode(stored, length, page, size);
            case SNAPPY -> SnappyBlock.decode(stored, length, page, size);
            case ZSTD -> ZstdFrame.decode(stored, length, page, size);
        }
    }

    private static void inflate(byte[] stored, int length, ByteBuffer page, int size) throws CorruptData {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored, 0, length);
            int n = inflater.inflate(page);
            // One whole zlib stream that fits the page: an unfinished stream is either truncated
            // or longer than a page, and both are corrupt.
            if (!inflater.finished()) {
                throw new CorruptData(Math.toIntExact(inflater.getBytesRead()), n < size
                        ? "zlib: truncated: the stream stops after " + n + " bytes"
                        : "zlib: the stream decodes to more than " + size + " bytes");
            }
            if (n != size) {
                throw new CorruptData(Math.toIntExact(inflater.getBytesRead()),
                        "zlib: the stream decodes to " + n + " bytes, not " + size);
            }
        } catch (DataFormatException e) {
            throw new CorruptData(Math.toIntExact(inflater.getBytesRead()), "zlib: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
