package org.ptdesc.images;

import io.airlift.compress.v3.Decompressor;
import io.airlift.compress.v3.MalformedInputException;
import io.airlift.compress.v3.lzo.LzoDecompressor;
import io.airlift.compress.v3.snappy.SnappyJavaDecompressor;
import io.airlift.compress.v3.zstd.ZstdJavaDecompressor;
import java.util.function.Supplier;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * How one page of a kdump-compressed file is stored, from the {@code flags} of its
 * {@code page_desc}: as it is, or compressed with zlib ({@code DUMP_DH_COMPRESSED_ZLIB}, 0x1,
 * zlib's {@code compress2} format), LZO1X ({@code _LZO}, 0x2, a raw {@code lzo1x_1} block),
 * Snappy ({@code _SNAPPY}, 0x4, raw Snappy) or Zstandard ({@code _ZSTD}, 0x20, one frame).
 * zlib is the JDK's; the others are aircompressor's pure-Java decompressors. A new decompressor
 * is made for each page, so that pages can be decoded by several threads at once.
 */
public enum PageCodec {
    NONE(0, "uncompressed", null),
    ZLIB(0x1, "zlib", null),
    LZO(0x2, "lzo", LzoDecompressor::new),
    SNAPPY(0x4, "snappy", SnappyJavaDecompressor::new),
    ZSTD(0x20, "zstd", ZstdJavaDecompressor::new);

    /** The flags that name a compression; a descriptor may set at most one of them. */
    static final int COMPRESSION_FLAGS = 0x1 | 0x2 | 0x4 | 0x20;

    private final int flag;
    private final String label;
    private final Supplier<Decompressor> decompressor;

    PageCodec(int flag, String label, Supplier<Decompressor> decompressor) {
        this.flag = flag;
        this.label = label;
        this.decompressor = decompressor;
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
     * Decodes {@code length} stored bytes into {@code page}.
     *
     * @return the number of bytes the data decoded to, or -1 when it is corrupt or would decode
     *     to more than {@code page.length} bytes
     */
    int decode(byte[] stored, int length, byte[] page) {
        return switch (this) {
            case NONE -> {
                int n = Math.min(length, page.length);
                System.arraycopy(stored, 0, page, 0, n);
                yield length;
            }
            case ZLIB -> inflate(stored, length, page);
            case LZO, SNAPPY, ZSTD -> {
                try {
                    yield decompressor.get().decompress(stored, 0, length, page, 0, page.length);
                } catch (MalformedInputException | IndexOutOfBoundsException e) {
                    // aircompressor reports bad input, and output that would not fit, this way.
                    yield -1;
                }
            }
        };
    }

    private static int inflate(byte[] stored, int length, byte[] page) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(stored, 0, length);
            int n = inflater.inflate(page);
            // One whole zlib stream that fits the page: an unfinished stream is either truncated
            // or longer than a page, and both are corrupt.
            return inflater.finished() ? n : -1;
        } catch (DataFormatException e) {
            return -1;
        } finally {
            inflater.end();
        }
    }
}
