package org.ptdesc.images;

import com.github.luben.zstd.Zstd;
import io.airlift.compress.v3.Compressor;
import io.airlift.compress.v3.lzo.LzoCompressor;
import io.airlift.compress.v3.snappy.SnappyJavaCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.ptdesc.runtime.image.PagedImage.PageRun;

/**
 * Rewrites a kdump-compressed file with every page compressed by another codec, the way
 * makedumpfile lays out its pages: headers and bitmaps kept, one {@code page_desc} per dumped
 * page rewritten (offset, size, flags), the pages' data after the descriptors in page order,
 * and {@code status} naming the codec. Used because no tool here writes LZO or Snappy dumps
 * (Debian 12's QEMU refuses {@code -l}/{@code -s}, its makedumpfile 1.7.2 lacks snappy and
 * zstd). The compressors are independent of our decoders: aircompressor's LZO1X-1 and Snappy
 * compressors, and for zstd the reference library (zstd-jni's {@code ZSTD_compress}, level 1
 * as makedumpfile). A page that does not shrink is stored as it is, as makedumpfile does.
 *
 * <p>{@link #main} writes the committed {@code qemu-lzo.kdump.gz}, {@code qemu-snappy.kdump.gz}
 * and {@code qemu-zstd.kdump.gz} from {@code qemu-zlib.kdump.gz} (see the resources' README);
 * the build never runs it.
 */
final class KdumpRecoder {

    private static final int STATUS_AT_64 = 424;

    private KdumpRecoder() {
    }

    /** The compressed form of one page, or null when it does not shrink. */
    static byte[] compress(PageCodec codec, byte[] page) {
        byte[] out;
        int n;
        switch (codec) {
            case LZO, SNAPPY -> {
                Compressor c = codec == PageCodec.LZO ? new LzoCompressor() : new SnappyJavaCompressor();
                out = new byte[c.maxCompressedLength(page.length)];
                n = c.compress(page, 0, page.length, out, 0, out.length);
            }
            case ZSTD -> {
                out = Zstd.compress(page, 1);
                n = out.length;
            }
            default -> throw new IllegalArgumentException(codec.label());
        }
        return n < page.length ? Arrays.copyOf(out, n) : null;
    }

    /** {@code kdump} (a 64-bit little-endian kdump-compressed file) with its pages recompressed by {@code codec}. */
    static byte[] recode(byte[] kdump, PageCodec codec) throws IOException {
        KdumpImage image = KdumpImage.open(ByteSource.of(MemorySegment.ofArray(kdump), "in.kdump"), "kdump-compressed");
        DumpHeader header = image.header();
        int pageSize = header.blockSize();
        int descriptors = Math.toIntExact(header.descriptorOffset());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        int count = 0;
        for (PageRun run : image.runs()) {
            for (long pfn = run.firstPfn(); pfn < run.firstPfn() + run.count(); pfn++) {
                byte[] page = new byte[pageSize];
                if (image.readPage(pfn, MemorySegment.ofArray(page))) {
                    count++;
                }
            }
        }
        long dataStart = descriptors + (long) count * KdumpImage.DESCRIPTOR_SIZE;
        for (PageRun run : image.runs()) {
            for (long pfn = run.firstPfn(); pfn < run.firstPfn() + run.count(); pfn++) {
                byte[] page = new byte[pageSize];
                if (!image.readPage(pfn, MemorySegment.ofArray(page))) {
                    continue;
                }
                byte[] stored = compress(codec, page);
                int flags = stored == null ? 0 : flag(codec);
                if (stored == null) {
                    stored = page;
                }
                ByteBuffer d = ByteBuffer.allocate(KdumpImage.DESCRIPTOR_SIZE).order(header.order());
                d.putLong(dataStart + data.size()).putInt(stored.length).putInt(flags).putLong(0);
                table.write(d.array());
                data.write(stored);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(kdump, 0, descriptors);
        out.write(table.toByteArray());
        out.write(data.toByteArray());
        byte[] file = out.toByteArray();
        ByteBuffer.wrap(file).order(header.order()).putInt(STATUS_AT_64, flag(codec));
        return file;
    }

    static int flag(PageCodec codec) {
        return switch (codec) {
            case NONE -> 0;
            case ZLIB -> 0x1;
            case LZO -> 0x2;
            case SNAPPY -> 0x4;
            case ZSTD -> 0x20;
        };
    }

    /** Writes the three recoded dumps into the directory given, gzip-compressed. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        byte[] zlib;
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(dir.resolve("qemu-zlib.kdump.gz")))) {
            zlib = in.readAllBytes();
        }
        for (PageCodec codec : new PageCodec[] {PageCodec.LZO, PageCodec.SNAPPY, PageCodec.ZSTD}) {
            try (GZIPOutputStream gz = new GZIPOutputStream(Files.newOutputStream(
                    dir.resolve("qemu-" + codec.label() + ".kdump.gz")))) {
                gz.write(recode(zlib, codec));
            }
        }
    }
}
