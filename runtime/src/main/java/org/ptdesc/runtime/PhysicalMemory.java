package org.ptdesc.runtime;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.ptdesc.runtime.image.ElfCore;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.ImageLimits;
import org.ptdesc.runtime.image.PagedImage;
import org.ptdesc.runtime.image.RawImage;

/**
 * The physical memory a tree lives in: one or more physical address ranges, each backed by a
 * part of a {@link MemorySegment} (a flat array, a memory-mapped raw file, the {@code PT_LOAD}
 * segments of an ELF core dump). Walkers read entries through it; a read outside every range
 * throws the preallocated {@link Unreadable}, which walkers turn into a reported fault, so it
 * never escapes a walk.
 *
 * <p>Adjacent ranges read as one: a read, and {@link #contains}, may cross from a range into
 * the one that starts right after it (QEMU and kdump cut memory at arbitrary byte boundaries,
 * and a raw image's last bytes may be part of an entry that a later range completes). Such
 * reads take the slow path; no read wraps past the top of the 64-bit physical address space.
 *
 * <p>Memory may also be {@linkplain #paged paged}: pages decoded on demand from a compressed
 * image, through a bounded cache; a page the image does not hold, or whose data is corrupt,
 * reads as {@link Unreadable} like an address outside every range, and corrupt pages are
 * counted ({@link #corruptPages()}) so that a caller can tell damage from absence.
 *
 * <p>Final, with the first range checked first without a loop (a flat segment or a raw file has
 * only that one), so that the JIT inlines a read down to the segment access a hand-written
 * walker would make.
 *
 * <p>Images on disk are opened with {@link #open(Path)} (format detected from the content),
 * {@link #elfCore(Path)} or {@link #raw(Path, long)}; the readers live in
 * {@link org.ptdesc.runtime.image}. Files are memory-mapped, never read into the heap. Without an
 * arena argument the mapping belongs to {@link Arena#ofAuto()} and is released once this object
 * (and every segment taken from it) is unreachable; with a caller's arena the caller closes it,
 * after which every read throws {@link IllegalStateException}. gzip-compressed images are
 * decompressed first, see {@link ImageFile}. Images are mapped read-only: the write methods
 * throw {@link UnsupportedOperationException} on them.
 */
public final class PhysicalMemory {

    static final ValueLayout.OfLong LONG_LE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG_BE =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt INT_LE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt INT_BE =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment data;
    /*
     * The first range again, as plain fields: the fast path of every read tests it without
     * touching the arrays. An image without ranges has a first range of length 0.
     */
    private final long firstStart;
    private final long firstLength;
    private final long firstOffset;
    /*
     * For memory that is one whole segment at physical 0 (PhysicalMemory.of(segment), a raw file
     * at 0): the segment itself, read at pa after one unsigned test against its size, so a read
     * costs what a hand-written walker's MemorySegment.get costs, and a read outside still
     * throws the preallocated Unreadable (no allocation on fault paths). Null otherwise.
     */
    private final MemorySegment flat;
    /** Physical start of each range, sorted ascending; ranges do not overlap. */
    private final long[] starts;
    /** Length in bytes of each range. */
    private final long[] lengths;
    /** Offset in {@link #data} of each range's first byte. */
    private final long[] offsets;
    private final String description;
    /** The page cache of a paged image, which the slow path reads through; null otherwise. */
    private final PageCache pages;

    private PhysicalMemory(MemorySegment data, long[] starts, long[] lengths, long[] offsets, String description) {
        this(data, starts, lengths, offsets, description, null);
    }

    private PhysicalMemory(MemorySegment data, long[] starts, long[] lengths, long[] offsets, String description,
            PageCache pages) {
        this.pages = pages;
        this.data = data;
        // A paged image has no first range in `data`: every read takes the slow path.
        this.firstStart = starts.length == 0 ? 0 : starts[0];
        this.firstLength = starts.length == 0 || pages != null ? 0 : lengths[0];
        this.firstOffset = starts.length == 0 ? 0 : offsets[0];
        this.flat = pages == null && data.byteSize() >= 8 && starts.length == 1 && starts[0] == 0 && offsets[0] == 0 && lengths[0] == data.byteSize()
                ? data : null;
        this.starts = starts;
        this.lengths = lengths;
        this.offsets = offsets;
        this.description = description;
    }

    /** Memory whose physical address {@code x} is byte {@code x} of {@code segment}. */
    public static PhysicalMemory of(MemorySegment segment) {
        return of(segment, List.of(new Range(0, segment.byteSize(), 0)),
                "flat segment of " + segment.byteSize() + " bytes");
    }

    /** Memory whose physical address {@code base + x} is byte {@code x} of {@code segment}. */
    public static PhysicalMemory of(MemorySegment segment, long base) {
        return of(segment, List.of(new Range(base, segment.byteSize(), 0)), "segment at 0x" + Long.toHexString(base));
    }

    /**
     * Memory made of several physical ranges of one backing segment, as in an ELF core dump.
     * The ranges may be given in any order.
     *
     * <p>Ranges of length 0 are dropped. A range may end exactly at the top of the 64-bit
     * physical address space.
     *
     * @throws IllegalArgumentException if ranges overlap, wrap around the top of the physical
     *     address space, or lie outside {@code data}
     */
    public static PhysicalMemory of(MemorySegment data, List<Range> ranges, String description) {
        return of(data, ranges, description, true);
    }

    private static PhysicalMemory of(MemorySegment data, List<Range> ranges, String description, boolean inData) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.removeIf(r -> r.length() == 0);
        sorted.sort(Comparator.comparing(Range::start, Long::compareUnsigned));
        int n = sorted.size();
        long[] s = new long[n];
        long[] l = new long[n];
        long[] o = new long[n];
        for (int i = 0; i < n; i++) {
            Range r = sorted.get(i);
            if (r.length() < 0 || inData && (r.offset() < 0 || r.offset() > data.byteSize() - r.length())) {
                throw new IllegalArgumentException("range " + r + " lies outside the " + data.byteSize() + " bytes of data");
            }
            if (Long.compareUnsigned(r.start() + r.length() - 1, r.start()) < 0) {
                throw new IllegalArgumentException("range " + r + " wraps around the top of the address space");
            }
            // Compare with the previous range's last byte, not its end: a range ending at 2^64
            // has an end of 0.
            if (i > 0 && Long.compareUnsigned(r.start(), s[i - 1] + l[i - 1] - 1) <= 0) {
                throw new IllegalArgumentException("range " + r + " overlaps " + sorted.get(i - 1));
            }
            s[i] = r.start();
            l[i] = r.length();
            o[i] = r.offset();
        }
        return new PhysicalMemory(data, s, l, o, description);
    }

    /** A physical range: {@code length} bytes at physical {@code start}, stored at {@code offset} of the data. */
    public record Range(long start, long length, long offset) {
        @Override
        public String toString() {
            return "[0x" + Long.toHexString(start) + ", +0x" + Long.toHexString(length) + ")";
        }
    }

    /**
     * Memory whose pages are decoded on demand from {@code image}, through a cache of at most
     * {@code limits.pageCacheBytes()} bytes of decoded pages (at least two pages), shared by
     * every thread that reads this memory. Each run of pages is one range, physical address
     * {@code pfn * pageSize}. A page the image does not hold reads as {@link Unreadable}; so
     * does a page whose data is corrupt, which is also counted in {@link #corruptPages()}.
     *
     * @throws IllegalArgumentException if the page size is no power of two, or the runs are
     *     not ascending and disjoint, or reach past the top of the physical address space
     */
    public static PhysicalMemory paged(PagedImage image, ImageLimits limits) {
        int pageSize = image.pageSize();
        if (pageSize <= 0 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two");
        }
        int shift = Integer.numberOfTrailingZeros(pageSize);
        List<Range> ranges = new ArrayList<>();
        for (PagedImage.PageRun run : image.runs()) {
            long maxPages = Long.MAX_VALUE >>> shift; // a range's length is a positive long
            if (run.count() <= 0 || Long.compareUnsigned(run.count(), maxPages) > 0
                    || Long.compareUnsigned(run.firstPfn(), -1L >>> shift) > 0
                    || Long.compareUnsigned(run.count() - 1, (-1L >>> shift) - run.firstPfn()) > 0) {
                throw new IllegalArgumentException("page run " + run + " is empty, too long, or reaches past the top"
                        + " of the physical address space");
            }
            ranges.add(new Range(run.firstPfn() << shift, run.count() << shift, 0));
        }
        PhysicalMemory layout = of(MemorySegment.NULL, ranges, image.description(), false);
        PageCache cache = new PageCache(image, limits.pageCacheBytes());
        return new PhysicalMemory(MemorySegment.NULL, layout.starts, layout.lengths, layout.offsets,
                image.description(), cache);
    }

    /**
     * The number of page decodes that failed because the image's data was corrupt (0 for
     * memory that is not {@linkplain #paged paged}). Reads of those pages were reported as
     * {@link Unreadable}, like reads of absent pages; a corrupt page evicted from the cache and
     * read again counts again.
     */
    public long corruptPages() {
        return pages == null ? 0 : pages.corruptPages();
    }

    /** What the first corrupt page's decode reported, or null when no page was corrupt. */
    public String firstCorruption() {
        return pages == null ? null : pages.firstCorruption();
    }

    /**
     * The same bytes seen at other physical addresses: each of {@code pieces} shows the
     * {@code length} bytes of this memory from physical address {@code offset} (here a physical
     * address of this memory, not an offset of the data) at physical {@code start}. This is how a
     * guest's physical memory looks through a stage 2 translation ({@link NestedWalkers}).
     *
     * @throws IllegalArgumentException if a piece does not lie within one range of this memory,
     *     or pieces overlap
     * @throws UnsupportedOperationException for {@linkplain #paged paged} memory, whose bytes are
     *     not in one segment that pieces could share
     */
    public PhysicalMemory remapped(List<Range> pieces, String description) {
        if (pages != null) {
            throw new UnsupportedOperationException("paged memory cannot be remapped: " + this.description);
        }
        List<Range> ranges = new ArrayList<>(pieces.size());
        for (Range piece : pieces) {
            long off = piece.length() == 0 ? 0 : offsetWithinOneRange(piece.offset(), piece.length());
            if (off < 0) {
                throw new IllegalArgumentException("piece " + piece + " of physical 0x" + Long.toHexString(piece.offset())
                        + " does not lie within one range of " + this.description);
            }
            ranges.add(new Range(piece.start(), piece.length(), off));
        }
        return of(data, ranges, description);
    }

    /** The physical ranges, in ascending order. */
    public List<Range> ranges() {
        Range[] out = new Range[starts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = new Range(starts[i], lengths[i], offsets[i]);
        }
        return List.of(out);
    }

    /**
     * True when all {@code size} bytes from {@code pa} are readable (in one range; adjacent
     * ranges are not joined). Zero bytes are always readable.
     *
     * @throws IllegalArgumentException if {@code size} is negative
     */
    public boolean contains(long pa, int size) {
        return contains(pa, (long) size);
    }

    /**
     * As {@link #contains(long, int)}, for spans that may not fit an {@code int} (all entries
     * of a wide level of a software radix tree).
     */
    public boolean contains(long pa, long size) {
        if (size <= 0) {
            if (size < 0) {
                throw new IllegalArgumentException("negative size " + size);
            }
            return true;
        }
        if (Long.compareUnsigned(pa, -1L - (size - 1)) > 0) {
            return false; // the span would wrap past the top of the address space
        }
        // From the range holding pa, through adjacent ranges, until the span's last byte.
        long last = pa + (size - 1);
        int i = rangeIndex(pa);
        if (i < 0 || Long.compareUnsigned(pa - starts[i], lengths[i]) >= 0) {
            return false;
        }
        while (true) {
            long rangeLast = starts[i] + (lengths[i] - 1);
            if (Long.compareUnsigned(last, rangeLast) <= 0) {
                return pages == null || pages.holds(pa, last);
            }
            if (i + 1 == starts.length || starts[i + 1] != rangeLast + 1) {
                return false;
            }
            i++;
        }
    }

    /** A short description of where this memory comes from (file name and format, or "flat segment"). */
    public String description() {
        return description;
    }

    /**
     * The physical memory held by an image file, whose format is detected from its content: an
     * ELF core ({@code ET_CORE}: QEMU {@code dump-guest-memory}, Linux {@code /proc/vmcore}), a
     * LiME file, or a format of an {@link org.ptdesc.runtime.image.ImageReader} on the class
     * path; gzip-compressed files are accepted. A file in no recognised format is refused: read
     * raw memory with {@link #raw(Path, long)}. The mapping is released when the result is
     * unreachable. {@link ImageFile#open} gives the image's notes (CPU registers) too.
     *
     * @throws ImageFormatException if the file is in no recognised format, truncated or
     *     corrupt, or in a format that is recognised but not supported (compressed kdump
     *     without a reader for it)
     * @throws IOException if the file cannot be read or is not a regular file
     */
    public static PhysicalMemory open(Path image) throws IOException {
        return open(image, Arena.ofAuto());
    }

    /** As {@link #open(Path)}, mapped in {@code arena}; closing the arena ends this memory. */
    public static PhysicalMemory open(Path image, Arena arena) throws IOException {
        return ImageFile.open(image, arena, ImageLimits.DEFAULT).memory();
    }

    /**
     * The physical memory of an ELF core file (32- or 64-bit, either byte order, possibly
     * gzip-compressed): each {@code PT_LOAD} maps {@code p_filesz} bytes at physical address
     * {@code p_paddr} to its file offset; see {@link ElfCore}.
     *
     * @throws ImageFormatException if the file is no ELF core, or is truncated or corrupt
     * @throws IOException if the file cannot be read
     */
    public static PhysicalMemory elfCore(Path image) throws IOException {
        return elfCore(image, Arena.ofAuto());
    }

    /** As {@link #elfCore(Path)}, mapped in {@code arena}; closing the arena ends this memory. */
    public static PhysicalMemory elfCore(Path image, Arena arena) throws IOException {
        return ElfCore.read(ImageFile.map(image, arena), image.toString());
    }

    /**
     * A raw image (possibly gzip-compressed): byte {@code x} of the file is physical address
     * {@code basePhysicalAddress + x}, whatever the file holds (the caller asked for raw); see
     * {@link RawImage}, and {@link ImageFile#openRaw} for a raw open that refuses files in a
     * recognised format.
     *
     * @throws ImageFormatException if the file is empty or would wrap around the top of the
     *     address space
     * @throws IOException if the file cannot be read
     */
    public static PhysicalMemory raw(Path image, long basePhysicalAddress) throws IOException {
        return raw(image, basePhysicalAddress, Arena.ofAuto());
    }

    /** As {@link #raw(Path, long)}, mapped in {@code arena}; closing the arena ends this memory. */
    public static PhysicalMemory raw(Path image, long basePhysicalAddress, Arena arena) throws IOException {
        return RawImage.read(ImageFile.map(image, arena), basePhysicalAddress, image.toString());
    }

    /** Reads a little-endian 64-bit value. @throws Unreadable when outside every range */
    public long readLong(long pa) {
        MemorySegment f = flat;
        if (f != null && Long.compareUnsigned(pa, f.byteSize() - 7) < 0) {
            return f.get(LONG_LE, pa);
        }
        long rel = pa - firstStart;
        if (firstLength >= 8 && Long.compareUnsigned(rel, firstLength - 8) <= 0) {
            return data.get(LONG_LE, firstOffset + rel);
        }
        return readSlow(pa, 8, false);
    }

    /** Reads a big-endian 64-bit value. @throws Unreadable when outside every range */
    public long readLongBigEndian(long pa) {
        MemorySegment f = flat;
        if (f != null && Long.compareUnsigned(pa, f.byteSize() - 7) < 0) {
            return f.get(LONG_BE, pa);
        }
        long rel = pa - firstStart;
        if (firstLength >= 8 && Long.compareUnsigned(rel, firstLength - 8) <= 0) {
            return data.get(LONG_BE, firstOffset + rel);
        }
        return readSlow(pa, 8, true);
    }

    /** Reads a little-endian 32-bit value, zero-extended. @throws Unreadable when outside every range */
    public long readInt(long pa) {
        MemorySegment f = flat;
        if (f != null && Long.compareUnsigned(pa, f.byteSize() - 3) < 0) {
            return Integer.toUnsignedLong(f.get(INT_LE, pa));
        }
        long rel = pa - firstStart;
        if (firstLength >= 4 && Long.compareUnsigned(rel, firstLength - 4) <= 0) {
            return Integer.toUnsignedLong(data.get(INT_LE, firstOffset + rel));
        }
        return readSlow(pa, 4, false);
    }

    /** Reads a big-endian 32-bit value, zero-extended. @throws Unreadable when outside every range */
    public long readIntBigEndian(long pa) {
        MemorySegment f = flat;
        if (f != null && Long.compareUnsigned(pa, f.byteSize() - 3) < 0) {
            return Integer.toUnsignedLong(f.get(INT_BE, pa));
        }
        long rel = pa - firstStart;
        if (firstLength >= 4 && Long.compareUnsigned(rel, firstLength - 4) <= 0) {
            return Integer.toUnsignedLong(data.get(INT_BE, firstOffset + rel));
        }
        return readSlow(pa, 4, true);
    }

    /**
     * Reads {@code count} consecutive entries of {@code width} bytes (8, or 4 zero-extended)
     * from {@code pa} into {@code into}: one bulk copy when one segment holds them all
     * ({@link #directSegment}), else one read each (for {@link EntryRun}). @throws Unreadable
     * when one is outside every range
     */
    void readEntries(long pa, long[] into, int count, int width, boolean bigEndian) {
        MemorySegment holding = width == 8 ? directSegment(pa, 8L * count) : null;
        if (holding != null) {
            MemorySegment.copy(holding, bigEndian ? LONG_BE : LONG_LE, directOffset(holding, pa), into, 0, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            long at = pa + (long) i * width;
            into[i] = width == 8
                    ? (bigEndian ? readLongBigEndian(at) : readLong(at))
                    : (bigEndian ? readIntBigEndian(at) : readInt(at));
        }
    }

    /**
     * The segment that holds {@code pa .. pa + bytes - 1} at consecutive offsets (from
     * {@link #directOffset}), for an {@link EntryRun} to read directly; null when no one range
     * holds them or the memory is a paged image.
     */
    MemorySegment directSegment(long pa, long bytes) {
        MemorySegment f = flat;
        if (f != null && bytes <= f.byteSize() && Long.compareUnsigned(pa, f.byteSize() - bytes) <= 0) {
            return f;
        }
        if (pages == null) {
            int i = rangeIndex(pa);
            if (i >= 0 && lengths[i] >= bytes && Long.compareUnsigned(pa - starts[i], lengths[i] - bytes) <= 0) {
                return data;
            }
        }
        return null;
    }

    /** The offset of {@code pa} in the segment {@link #directSegment} returned for it. */
    long directOffset(MemorySegment segment, long pa) {
        if (segment == flat) {
            return pa;
        }
        int i = rangeIndex(pa);
        return offsets[i] + (pa - starts[i]);
    }

    /**
     * Every read that the first range does not hold: another range, a read that crosses into
     * an adjacent range, or a paged image. Kept out of the read methods so that their fast
     * paths stay small enough to inline.
     */
    private long readSlow(long pa, int size, boolean bigEndian) {
        int i = rangeIndex(pa);
        if (i >= 0) {
            long rel = pa - starts[i];
            if (lengths[i] >= size && Long.compareUnsigned(rel, lengths[i] - size) <= 0) {
                if (pages != null) {
                    if (pages.withinOnePage(pa, size)) {
                        return pages.read(pa, size, bigEndian);
                    }
                } else {
                    long at = offsets[i] + rel;
                    return size == 8
                            ? data.get(bigEndian ? LONG_BE : LONG_LE, at)
                            : Integer.toUnsignedLong(data.get(bigEndian ? INT_BE : INT_LE, at));
                }
            }
        }
        // Across ranges (or pages): byte by byte, each byte from wherever it lies.
        if (Long.compareUnsigned(pa, -1L - (size - 1)) > 0) {
            throw Unreadable.INSTANCE; // would wrap past the top of the address space
        }
        long value = 0;
        for (int k = 0; k < size; k++) {
            long b = byteAt(pa + k);
            value |= bigEndian ? b << (8 * (size - 1 - k)) : b << (8 * k);
        }
        return value;
    }

    /**
     * The whole memory as one segment whose byte {@code x} is physical address {@code x}, when
     * it is one ({@link #of(MemorySegment)} of at least 8 bytes, a raw image at 0), else null.
     * A translate that reads several entries takes it and its {@link #flatLimit} once, then reads
     * through {@link #readFlatLong} and its siblings, which read what {@link #readLong} and its
     * siblings read on the same memory.
     */
    public MemorySegment flatSegmentOrNull() {
        return flat;
    }

    /**
     * The limit below which a read of {@code width} bytes (4 or 8) lies within a
     * {@linkplain #flatSegmentOrNull flat} segment: {@code flat.byteSize() - (width - 1)}, written
     * as the segment's own bounds check computes it. Why, measured with {@code TranslateCostProbe}
     * (the JIT keeps no disassembly here; the probe's notes say what the compiled loop holds):
     * {@link Objects#checkIndex(long, long) checkIndex(0, limit)}, which cannot fail on a
     * segment of at least 8 bytes, makes the JIT narrow the limit to a non-negative value (a
     * cast) in the caller's locals, which is the very value the segment's own check compares
     * with; every later read's unsigned test of {@code pa} against the limit then makes the
     * segment's identical check redundant, so a read costs one test, as the hand-written walker's.
     * A limit computed anywhere else (a field, per read) leaves both tests in place.
     *
     * @throws IndexOutOfBoundsException if the segment is shorter than {@code width} bytes,
     *     which no flat segment is
     */
    public static long flatLimit(MemorySegment flat, long width) {
        long limit = flat.byteSize() - width + 1;
        Objects.checkIndex(0, limit);
        return limit;
    }

    /**
     * Reads a little-endian 64-bit value at {@code pa} of a {@linkplain #flatSegmentOrNull flat}
     * segment, given {@code limit = flat.byteSize() - 7}: what {@link #readLong} reads on the
     * same memory.
     *
     * @throws Unreadable when {@code pa} is not below {@code limit} (unsigned); a {@code limit}
     *     above the segment's is caught by the segment's own bounds check
     */
    public static long readFlatLong(MemorySegment flat, long limit, long pa) {
        if (Long.compareUnsigned(pa, limit) >= 0) {
            throw Unreadable.INSTANCE;
        }
        return flat.get(LONG_LE, pa);
    }

    /** As {@link #readFlatLong}, big-endian: what {@link #readLongBigEndian} reads. */
    public static long readFlatLongBigEndian(MemorySegment flat, long limit, long pa) {
        if (Long.compareUnsigned(pa, limit) >= 0) {
            throw Unreadable.INSTANCE;
        }
        return flat.get(LONG_BE, pa);
    }

    /**
     * As {@link #readFlatLong} for a little-endian 32-bit value, zero-extended, given
     * {@code limit = flat.byteSize() - 3}: what {@link #readInt} reads.
     */
    public static long readFlatInt(MemorySegment flat, long limit, long pa) {
        if (Long.compareUnsigned(pa, limit) >= 0) {
            throw Unreadable.INSTANCE;
        }
        return Integer.toUnsignedLong(flat.get(INT_LE, pa));
    }

    /** As {@link #readFlatInt}, big-endian: what {@link #readIntBigEndian} reads. */
    public static long readFlatIntBigEndian(MemorySegment flat, long limit, long pa) {
        if (Long.compareUnsigned(pa, limit) >= 0) {
            throw Unreadable.INSTANCE;
        }
        return Integer.toUnsignedLong(flat.get(INT_BE, pa));
    }

    /** The byte at {@code pa}, unsigned. @throws Unreadable when no range holds it */
    private long byteAt(long pa) {
        int i = rangeIndex(pa);
        if (i < 0 || Long.compareUnsigned(pa - starts[i], lengths[i]) >= 0) {
            throw Unreadable.INSTANCE;
        }
        if (pages != null) {
            return pages.read(pa, 1, false);
        }
        return Byte.toUnsignedLong(data.get(ValueLayout.JAVA_BYTE, offsets[i] + pa - starts[i]));
    }

    /**
     * Writes a 64-bit value (for building trees in tests and tools).
     *
     * @throws Unreadable when outside every range
     * @throws UnsupportedOperationException when the memory is a read-only mapped image
     */
    public void writeLong(long pa, long value, boolean bigEndian) {
        checkWritable();
        data.set(bigEndian ? LONG_BE : LONG_LE, offsetOrThrow(pa, 8), value);
    }

    /**
     * Writes a 32-bit value (for building trees in tests and tools).
     *
     * @throws Unreadable when outside every range
     * @throws UnsupportedOperationException when the memory is a read-only mapped image
     */
    public void writeInt(long pa, int value, boolean bigEndian) {
        checkWritable();
        data.set(bigEndian ? INT_BE : INT_LE, offsetOrThrow(pa, 4), value);
    }

    private void checkWritable() {
        if (data.isReadOnly()) {
            throw new UnsupportedOperationException("read-only memory: " + description);
        }
    }

    /** Offset in {@link #data} of {@code size} bytes at {@code pa} within one range (for writes). */
    private long offsetOrThrow(long pa, int size) {
        long off = pages == null ? offsetWithinOneRange(pa, size) : -1;
        if (off < 0) {
            throw Unreadable.INSTANCE;
        }
        return off;
    }

    /** Offset in {@link #data} of {@code size} bytes at {@code pa} within one range, or -1. */
    private long offsetWithinOneRange(long pa, long size) {
        int i = rangeIndex(pa);
        if (i < 0) {
            return -1;
        }
        long rel = pa - starts[i];
        if (lengths[i] < size || Long.compareUnsigned(rel, lengths[i] - size) > 0) {
            return -1;
        }
        return offsets[i] + rel;
    }

    /** The index of the last range starting at or below {@code pa}, or -1 (binary search). */
    private int rangeIndex(long pa) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(starts[mid], pa) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return lo - 1;
    }

    /** The description and the ranges (the first few of them, for dumps made of thousands). */
    @Override
    public String toString() {
        List<Range> all = ranges();
        int shown = Math.min(all.size(), 8);
        StringBuilder sb = new StringBuilder(description).append(" [");
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(all.get(i));
        }
        if (shown < all.size()) {
            sb.append(", ... ").append(all.size() - shown).append(" more");
        }
        return sb.append(']').toString();
    }

    /**
     * Thrown by reads outside every range. Preallocated and without a stack trace: walkers
     * catch it and report a fault, so it costs nothing on the paths that never fault.
     */
    public static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Unreadable INSTANCE = new Unreadable();

        private Unreadable() {
            super("physical address outside every range of the memory image", null, false, false);
        }
    }
}
