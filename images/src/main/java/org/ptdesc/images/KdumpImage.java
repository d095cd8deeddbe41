package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.PagedImage;

/**
 * The pages of a kdump-compressed file (makedumpfile's format, {@code KDUMP   } or
 * {@code DISKDUMP}), decoded one at a time on demand. After the headers come two bitmaps: the
 * first marks the page frames the machine had (its RAM, less holes), the second the frames
 * that were dumped; then one 24-byte {@code page_desc} (offset, size, flags, page_flags) for
 * each page set in the second bitmap, in page order; then the pages' data.
 *
 * <p>Decisions: {@link #runs()} are the runs of the first bitmap (the machine's memory). A page
 * whose bit is clear in the second bitmap reads as absent ({@link #readPage} returns false): a
 * page makedumpfile's filter excluded is not known to be zeros. Every descriptor must lie in the
 * file (checked once, on open), and every page's data must lie in the file and decode to exactly
 * one page; anything else is an {@link ImageFormatException} naming the page frame and the file
 * offset. Only in a dump whose header says it is incomplete do the pages past the point where
 * the writer stopped (descriptor or data outside the file, or of size 0) read as absent.
 *
 * <p>Instances are immutable after {@link #open} and safe for use by several threads at once.
 */
public final class KdumpImage implements PagedImage {

    /** The size of a {@code page_desc}. */
    static final int DESCRIPTOR_SIZE = 24;
    /** The most runs of pages accepted in the first bitmap. */
    static final int MAX_RUNS = 1 << 20;

    private final ByteSource source;
    private final DumpHeader header;
    private final PageBitmap dumped;
    private final List<PageRun> runs;
    private final String description;

    private KdumpImage(ByteSource source, DumpHeader header, PageBitmap dumped, List<PageRun> runs, String format) {
        this.source = source;
        this.header = header;
        this.dumped = dumped;
        this.runs = runs;
        PageCodec codec = PageCodec.of(header.status());
        this.description = source.name() + ": " + format + " (" + (codec == null ? "mixed" : codec.label())
                + "), " + header.blockSize() + "-byte pages"
                + (header.machine().isEmpty() ? "" : ", " + header.machine()) + ", " + dumped.count() + " pages dumped"
                + (header.incomplete() ? ", incomplete" : "");
    }

    /**
     * Reads the headers and bitmaps of a kdump-compressed file.
     *
     * @param format the description's name of the container, e.g. {@code kdump-compressed}
     * @throws ImageFormatException when the headers, bitmaps or descriptors are truncated or corrupt
     */
    public static KdumpImage open(ByteSource source, String format) throws ImageFormatException {
        DumpHeader header = DumpHeader.read(source);
        return open(source, header, format);
    }

    static KdumpImage open(ByteSource source, DumpHeader header, String format) throws ImageFormatException {
        long pages = header.maxMapnr();
        if (pages == 0) {
            throw new ImageFormatException(source.name(), "disk_dump_header: max_mapnr is 0: the dump holds no pages");
        }
        if (pages < 0 || pages > header.bitmapBytes() * 8) {
            throw new ImageFormatException(source.name(), "max_mapnr 0x" + Long.toHexString(pages)
                    + " does not fit the bitmaps (" + header.bitmapBlocks() + " blocks, 0x"
                    + Long.toHexString(header.bitmapBytes() * 8) + " page frames each)");
        }
        long bitmapEnd = header.bitmapOffset() + 2 * header.bitmapBytes();
        if (!source.holds(header.bitmapOffset(), 2 * header.bitmapBytes())) {
            throw source.pastEnd(header.bitmapOffset(), bitmapEnd - header.bitmapOffset(), "page bitmaps");
        }
        PageBitmap memory = PageBitmap.read(source, header.bitmapOffset(), pages, "first page bitmap");
        List<PageRun> runs = memory.runs(MAX_RUNS, source.name());
        memory = null; // only its runs are kept
        PageBitmap dumped = PageBitmap.read(source, header.bitmapOffset() + header.bitmapBytes(), pages,
                "second page bitmap");
        long descriptors = dumped.count();
        if (!header.incomplete() && descriptors > 0
                && !source.holds(header.descriptorOffset(), descriptors * DESCRIPTOR_SIZE)) {
            throw source.pastEnd(header.descriptorOffset(), descriptors * DESCRIPTOR_SIZE,
                    "page descriptors of the " + descriptors + " dumped pages");
        }
        return new KdumpImage(source, header, dumped, runs, format);
    }

    /** The headers this image was read with. */
    public DumpHeader header() {
        return header;
    }

    @Override
    public int pageSize() {
        return header.blockSize();
    }

    @Override
    public List<PageRun> runs() {
        return runs;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean readPage(long pfn, MemorySegment target) throws ImageFormatException {
        int pageSize = header.blockSize();
        if (target.byteSize() < pageSize) {
            throw new IllegalArgumentException("target holds " + target.byteSize() + " bytes, less than a page ("
                    + pageSize + ")");
        }
        if (!dumped.get(pfn)) {
            return false;
        }
        long at = header.descriptorOffset() + dumped.rank(pfn) * DESCRIPTOR_SIZE;
        String page = "page frame 0x" + Long.toHexString(pfn);
        if (!source.holds(at, DESCRIPTOR_SIZE)) {
            if (header.incomplete()) {
                return false;
            }
            throw source.pastEnd(at, DESCRIPTOR_SIZE, "page descriptor of " + page);
        }
        byte[] raw = new byte[DESCRIPTOR_SIZE];
        source.read(at, raw, 0, DESCRIPTOR_SIZE, "page descriptor of " + page);
        ByteBuffer descriptor = ByteBuffer.wrap(raw).order(header.order());
        long offset = descriptor.getLong(0);
        int size = descriptor.getInt(8);
        int flags = descriptor.getInt(12);
        String where = page + " (descriptor at file offset 0x" + Long.toHexString(at) + ")";
        if (header.incomplete() && (size == 0 || !source.holds(offset, Integer.toUnsignedLong(size)))) {
            return false;
        }
        PageCodec codec = PageCodec.of(flags);
        if (codec == null) {
            throw new ImageFormatException(source.name(), where + ": flags 0x" + Integer.toHexString(flags)
                    + " name more than one compression");
        }
        if (size <= 0 || size > pageSize) {
            throw new ImageFormatException(source.name(), where + ": stored size " + Integer.toUnsignedString(size)
                    + " is not between 1 and the page size " + pageSize);
        }
        if (codec == PageCodec.NONE && size != pageSize) {
            throw new ImageFormatException(source.name(), where + ": uncompressed page of " + size
                    + " bytes, expected " + pageSize);
        }
        byte[] stored = new byte[size];
        source.read(offset, stored, 0, size, "data of " + page);
        try {
            codec.decode(stored, size, target, pageSize);
        } catch (CorruptData e) {
            throw new ImageFormatException(source.name(), where + ": " + codec.label() + " data at file offset 0x"
                    + Long.toHexString(offset) + " (" + size + " bytes) is corrupt at file offset 0x"
                    + Long.toHexString(offset + e.position()) + ": " + e.getMessage());
        }
        return true;
    }
}
