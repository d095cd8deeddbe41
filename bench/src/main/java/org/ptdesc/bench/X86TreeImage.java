package org.ptdesc.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * An x86-64 4-level page table built in memory: one contiguous run of 4 KiB pages mapped from
 * {@link #FIRST_VA}, with only the paging structures present in the image (the data pages
 * they point to lie above the segment and are never read). Tables sit at physical
 * {@code 0x1000} (PML4), {@code 0x2000} (PDPT), then the page directories, then the page
 * tables, so a 16 GiB mapping needs about 32 MiB of image.
 *
 * <p>Every tree of a run is allocated with the same arena kind ({@link Arena#ofAuto()}): on
 * these machines a process that had read segments of two arena kinds ran a hand-written
 * segment walker 18-22% slower (the session check's profile is polluted), which would bias
 * whichever walker ran second.
 */
public record X86TreeImage(String name, MemorySegment segment, PhysicalMemory memory, long cr3, long pages) {

    /** First mapped virtual address: 1 GiB aligned, in the lower canonical half. */
    public static final long FIRST_VA = 0x0000_5555_4000_0000L;
    /** Physical address of the first data frame (above every table). */
    public static final long DATA_BASE = 0x0000_0100_0000_0000L;

    static final long P = 1, RW = 2, US = 4, PS = 0x80, G = 0x100, XD = 1L << 63;
    /** PWT, PCD, and PAT as bit 7 of a page-table entry (bit 7 is PS in the levels above). */
    static final long PWT = 0x8, PCD = 0x10, PTE_PAT = 0x80;
    private static final long PAGE = 4096;
    private static final ValueLayout.OfLong ENTRY =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long PML4 = 0x1000, PDPT = 0x2000, FIRST_PD = 0x3000;

    /** Page tables fit in the caches: 8 MiB mapped in 4 KiB pages (4 page tables). */
    public static X86TreeImage small() {
        return build("small", 8L << 20);
    }

    /** Page tables do not fit in the caches: 16 GiB mapped in 4 KiB pages (32 MiB of page tables). */
    public static X86TreeImage large() {
        return build("large", 16L << 30);
    }

    /** The tree named {@code small} or {@code large}. */
    public static X86TreeImage named(String name) {
        return switch (name) {
            case "small" -> small();
            case "large" -> large();
            default -> throw new IllegalArgumentException("no tree size " + name + " (small, large)");
        };
    }

    /**
     * Maps {@code bytes} (a multiple of 2 MiB, at most 512 GiB) from {@link #FIRST_VA}. Data
     * frames are a permutation of a contiguous physical range, so a walker that reads the wrong
     * entry gives a wrong answer rather than a lucky one; every third page is execute-disable,
     * every fifth global, every seventh read-only.
     */
    public static X86TreeImage build(String name, long bytes) {
        long pages = bytes / PAGE;
        long pageTables = pages / 512;
        long directories = (pageTables + 511) / 512;
        if (bytes % (2L << 20) != 0 || directories > 512 || pages == 0) {
            throw new IllegalArgumentException("cannot map " + bytes + " bytes with one PDPT of full page tables");
        }
        long firstPt = FIRST_PD + directories * PAGE;
        long size = firstPt + pageTables * PAGE;
        MemorySegment seg = Arena.ofAuto().allocate(size, PAGE);
        int pml4Index = (int) ((FIRST_VA >>> 39) & 511);
        int pdptIndex = (int) ((FIRST_VA >>> 30) & 511);
        put(seg, PML4 + 8L * pml4Index, PDPT | P | RW | US);
        for (long d = 0; d < directories; d++) {
            put(seg, PDPT + 8 * (pdptIndex + d), (FIRST_PD + d * PAGE) | P | RW | US);
        }
        for (long t = 0; t < pageTables; t++) {
            put(seg, FIRST_PD + 8 * t, (firstPt + t * PAGE) | P | RW | US);
        }
        long frameMask = Long.highestOneBit(pages) == pages ? pages - 1 : -1;
        for (long i = 0; i < pages; i++) {
            // An odd multiplier modulo a power of two is a permutation of the frames.
            long frame = frameMask == -1 ? i : (i * 0x9E37_79B1L) & frameMask;
            long flags = P | US | (i % 7 == 0 ? 0 : RW) | (i % 3 == 0 ? XD : 0) | (i % 5 == 0 ? G : 0)
                    | (i % 11 == 0 ? PWT : 0) | (i % 13 == 0 ? PCD : 0) | (i % 17 == 0 ? PTE_PAT : 0);
            put(seg, firstPt + 8 * i, (DATA_BASE + frame * PAGE) | flags);
        }
        // PWT and PCD set in CR3: the walker must strip them.
        return new X86TreeImage(name, seg, PhysicalMemory.of(seg), PML4 | 0x18, pages);
    }

    /** The last mapped virtual address. */
    public long lastVa() {
        return FIRST_VA + pages * PAGE - 1;
    }

    /** {@code count} mapped addresses, uniformly random over the mapping (page offsets too). */
    public long[] randomMappedAddresses(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = FIRST_VA + random.nextLong(pages * PAGE);
        }
        return out;
    }

    private static void put(MemorySegment seg, long pa, long entry) {
        seg.set(ENTRY, pa, entry);
    }
}
