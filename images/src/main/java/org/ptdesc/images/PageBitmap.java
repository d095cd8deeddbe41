package org.ptdesc.images;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.PagedImage.PageRun;

/**
 * One of a kdump-compressed file's two page bitmaps, bit {@code pfn % 8} of byte
 * {@code pfn / 8} standing for page frame {@code pfn} (QEMU's {@code set_dump_bitmap}), held as
 * words with a running count of set bits every {@value #WORDS_PER_RANK} words, so that the rank
 * of a page (how many set bits come before it, the index of its page descriptor) takes at most
 * {@value #WORDS_PER_RANK} word reads. Memory: one bit per page frame plus an eighth of that.
 */
final class PageBitmap {

    /** Words between two running counts. */
    static final int WORDS_PER_RANK = 8;
    private static final int CHUNK = 1 << 20;

    private final long[] words;
    private final long[] ranks;
    private final long pages;

    private PageBitmap(long[] words, long pages) {
        this.words = words;
        this.pages = pages;
        this.ranks = new long[(words.length + WORDS_PER_RANK - 1) / WORDS_PER_RANK + 1];
        long count = 0;
        for (int i = 0; i < words.length; i++) {
            if (i % WORDS_PER_RANK == 0) {
                ranks[i / WORDS_PER_RANK] = count;
            }
            count += Long.bitCount(words[i]);
        }
        ranks[ranks.length - 1] = count;
    }

    /**
     * Reads the bitmap of {@code pages} page frames at {@code offset}; bits past {@code pages}
     * are ignored.
     */
    static PageBitmap read(ByteSource source, long offset, long pages, String what) throws ImageFormatException {
        long bytes = (pages + 7) / 8;
        if (pages / 64 + 1 > Integer.MAX_VALUE - 8) {
            throw new ImageFormatException(source.name(), what + " of " + pages + " page frames is too large to hold");
        }
        long[] words = new long[(int) ((pages + 63) / 64)];
        byte[] chunk = new byte[(int) Math.min(CHUNK, bytes)];
        for (long done = 0; done < bytes; done += chunk.length) {
            int n = (int) Math.min(chunk.length, bytes - done);
            source.read(offset + done, chunk, 0, n, what);
            for (int i = 0; i < n; i++) {
                long at = done + i;
                words[(int) (at >>> 3)] |= (chunk[i] & 0xffL) << ((at & 7) * 8);
            }
        }
        if (pages % 64 != 0) {
            words[words.length - 1] &= (1L << (pages % 64)) - 1;
        }
        return new PageBitmap(words, pages);
    }

    /** The number of page frames the bitmap describes. */
    long pages() {
        return pages;
    }

    /** Whether page frame {@code pfn}'s bit is set; false outside the bitmap. */
    boolean get(long pfn) {
        return pfn >= 0 && pfn < pages && (words[(int) (pfn >>> 6)] & (1L << pfn)) != 0;
    }

    /** The number of set bits before {@code pfn}. */
    long rank(long pfn) {
        int word = (int) (pfn >>> 6);
        long count = ranks[word / WORDS_PER_RANK];
        for (int i = word - word % WORDS_PER_RANK; i < word; i++) {
            count += Long.bitCount(words[i]);
        }
        return count + Long.bitCount(words[word] & ((1L << pfn) - 1));
    }

    /** The number of set bits. */
    long count() {
        return ranks[ranks.length - 1];
    }

    /**
     * The runs of set bits, ascending.
     *
     * @throws ImageFormatException when there are more than {@code maxRuns}
     */
    List<PageRun> runs(int maxRuns, String name) throws ImageFormatException {
        List<PageRun> runs = new ArrayList<>();
        long pfn = nextSet(0);
        while (pfn >= 0) {
            long end = nextClear(pfn);
            if (runs.size() == maxRuns) {
                throw new ImageFormatException(name, "the page bitmap has more than " + maxRuns
                        + " runs of pages; refusing a map that fragmented");
            }
            runs.add(new PageRun(pfn, end - pfn));
            pfn = nextSet(end);
        }
        return List.copyOf(runs);
    }

    private long nextSet(long from) {
        for (long w = from >>> 6; w < words.length; w++) {
            long bits = words[(int) w] & (w == from >>> 6 ? -1L << from : -1L);
            if (bits != 0) {
                return w * 64 + Long.numberOfTrailingZeros(bits);
            }
        }
        return -1;
    }

    private long nextClear(long from) {
        for (long w = from >>> 6; w < words.length; w++) {
            long bits = ~words[(int) w] & (w == from >>> 6 ? -1L << from : -1L);
            if (bits != 0) {
                return Math.min(pages, w * 64 + Long.numberOfTrailingZeros(bits));
            }
        }
        return pages;
    }
}
