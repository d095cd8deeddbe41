package org.ptdesc.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The bar the generated walker must meet: x86-64 4-level paging (SDM Vol. 3A §4.5) written in
 * Java the most direct way, straight-line code per level reading entries from a
 * {@link MemorySegment} with {@code JAVA_LONG_UNALIGNED} (the aligned layout was 11-12% slower
 * here). Same meaning as {@code x86_64.ptdesc}: present bit, PS at PDPT and PD, address bits
 * 51:12 (51:30, 51:21 for large pages), R/W and U/S anded, XD ored, G, PWT, PCD and PAT set by
 * the leaf.
 *
 * <p>It reads the segment it was made for: the {@code mem} argument of the {@link TreeWalker}
 * methods must be {@code PhysicalMemory.of(segment)} of that same segment (the physical
 * address is the segment offset) and is otherwise ignored, so no range lookup of
 * {@link PhysicalMemory} is paid. A table outside the segment is no mapping (translate) or a
 * {@link Failure#TABLE_OUTSIDE_MEMORY} fault (walk), as for the compiled walkers.
 */
public final class HandWrittenX86Walker implements TreeWalker {

    private static final ValueLayout.OfLong ENTRY =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long P = 1, RW = 2, US = 4, PS = 0x80;
    private static final long ADDR = 0x000f_ffff_ffff_f000L;
    private static final long ADDR_1G = 0x000f_ffff_c000_0000L;
    private static final long ADDR_2M = 0x000f_ffff_ffe0_0000L;
    private static final long SPAN_0 = 1L << 39, SPAN_1 = 1L << 30, SPAN_2 = 1L << 21, SPAN_3 = 1L << 12;

    private final MemorySegment segment;

    /** A walker over trees held in {@code segment}. */
    public HandWrittenX86Walker(MemorySegment segment) {
        this.segment = segment;
    }

    @Override
    public TreeInfo info() {
        return X86Info.INFO;
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va) {
        return translate(segment, root, va);
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va) {
        return translate(segment, oneRoot(roots), va);
    }

    /** Translates {@code va} in the tree whose CR3 is {@code cr3}. */
    public static long translate(MemorySegment m, long cr3, long va) {
        if ((va << 16 >> 16) != va) {
            return NO_MAPPING; // not canonical
        }
        try {
            long e = m.get(ENTRY, (cr3 & ADDR) + ((va >>> 36) & 0xff8));
            if ((e & P) == 0) {
                return NO_MAPPING;
            }
            e = m.get(ENTRY, (e & ADDR) + ((va >>> 27) & 0xff8));
            if ((e & P) == 0) {
                return NO_MAPPING;
            }
            if ((e & PS) != 0) {
                return (e & ADDR_1G) | (va & (SPAN_1 - 1));
            }
            e = m.get(ENTRY, (e & ADDR) + ((va >>> 18) & 0xff8));
            if ((e & P) == 0) {
                return NO_MAPPING;
            }
            if ((e & PS) != 0) {
                return (e & ADDR_2M) | (va & (SPAN_2 - 1));
            }
            e = m.get(ENTRY, (e & ADDR) + ((va >>> 9) & 0xff8));
            if ((e & P) == 0) {
                return NO_MAPPING;
            }
            return (e & ADDR) | (va & (SPAN_3 - 1));
        } catch (IndexOutOfBoundsException tableOutsideMemory) {
            return NO_MAPPING;
        }
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long[] roots, long va) {
        long cr3 = oneRoot(roots);
        if ((va << 16 >> 16) != va) {
            return Translation.failed(va, -1, 0, Failure.OUT_OF_RANGE, "");
        }
        long table = cr3 & ADDR;
        long acc = X86Info.ATTRIBUTES_INIT;
        for (int level = 0; level < 4; level++) {
            int shift = 39 - 9 * level;
            long at = table + ((va >>> shift) & 511) * 8;
            if (!readable(at, 8)) {
                return Translation.failed(va, level, at, Failure.TABLE_OUTSIDE_MEMORY, "");
            }
            long e = segment.get(ENTRY, at);
            if ((e & P) == 0) {
                return Translation.failed(va, level, e, Failure.NOT_PRESENT, "");
            }
            boolean leaf = level == 3 || (level > 0 && (e & PS) != 0);
            if (leaf) {
                long span = 1L << shift;
                return Translation.mapped(va, (e & ADDR & -span) | (va & (span - 1)), level, span, e, leafAttributes(acc, e, level == 3 ? 7 : 12));
            }
            acc = tableAttributes(acc, e);
            table = e & ADDR;
        }
        throw new AssertionError("four levels always end in a leaf or a failure");
    }

    @Override
    public void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {
        long table = oneRoot(roots) & ADDR;
        if (Long.compareUnsigned(first, last) > 0) {
            return;
        }
        // The two canonical halves, in address order.
        if (Long.compareUnsigned(first, X86Info.LOW_LAST) <= 0) {
            long b = Long.compareUnsigned(last, X86Info.LOW_LAST) <= 0 ? last : X86Info.LOW_LAST;
            if (!pml4(table, first, b, visitor)) {
                return;
            }
        }
        if (Long.compareUnsigned(last, X86Info.HIGH_FIRST) >= 0) {
            long a = Long.compareUnsigned(first, X86Info.HIGH_FIRST) >= 0 ? first : X86Info.HIGH_FIRST;
            pml4(table, a, last, visitor);
        }
    }

    private boolean pml4(long table, long a, long b, WalkVisitor v) {
        int i0 = (int) ((a >>> 39) & 511);
        int i1 = (int) ((b >>> 39) & 511);
        if (!readable(table + i0 * 8L, (i1 - i0 + 1) * 8)) {
            return v.fault(a, b, 0, table, Failure.TABLE_OUTSIDE_MEMORY, "");
        }
        switch (v.pre(a, b, 0, table)) {
            case STOP -> { return false; }
            case SKIP -> { return true; }
            case CONTINUE -> { }
        }
        long base = a & ~((1L << 48) - 1); // the sign extension above the PML4 index
        boolean inHole = false;
        long holeFirst = 0, holeLast = 0;
        for (int i = i0; i <= i1; i++) {
            long start = base | ((long) i << 39);
            long s = i == i0 ? a : start;
            long t = i == i1 ? b : start + (SPAN_0 - 1);
            long e = segment.get(ENTRY, table + i * 8L);
            if ((e & P) == 0) {
                if (!inHole) {
                    inHole = true;
                    holeFirst = s;
                }
                holeLast = t;
                continue;
            }
            if (inHole) {
                inHole = false;
                if (!v.hole(holeFirst, holeLast, 0)) {
                    return false;
                }
            }
            if (!pdpt(e & ADDR, s, t, tableAttributes(X86Info.ATTRIBUTES_INIT, e), v)) {
                return false;
            }
        }
        if (inHole && !v.hole(holeFirst, holeLast, 0)) {
            return false;
        }
        return v.post(a, b, 0, table);
    }

    private boolean pdpt(long table, long a, long b, long acc, WalkVisitor v) {
        int i0 = (int) ((a >>> 30) & 511);
        int i1 = (int) ((b >>> 30) & 511);
        if (!readable(table + i0 * 8L, (i1 - i0 + 1) * 8)) {
            return v.fault(a, b, 1, table, Failure.TABLE_OUTSIDE_MEMORY, "");
        }
        switch (v.pre(a, b, 1, table)) {
            case STOP -> { return false; }
            case SKIP -> { return true; }
            case CONTINUE -> { }
        }
        long base = a & -SPAN_0;
        boolean inHole = false;
        long holeFirst = 0, holeLast = 0;
        for (int i = i0; i <= i1; i++) {
            long start = base | ((long) i << 30);
            long s = i == i0 ? a : start;
            long t = i == i1 ? b : start + (SPAN_1 - 1);
            long e = segment.get(ENTRY, table + i * 8L);
            if ((e & P) == 0) {
                if (!inHole) {
                    inHole = true;
                    holeFirst = s;
                }
                holeLast = t;
                continue;
            }
            if (inHole) {
                inHole = false;
                if (!v.hole(holeFirst, holeLast, 1)) {
                    return false;
                }
            }
            boolean go = (e & PS) != 0
                    ? v.leaf(s, (e & ADDR_1G) | (s & (SPAN_1 - 1)), t - s + 1, 1, e, leafAttributes(acc, e, 12))
                    : pd(e & ADDR, s, t, tableAttributes(acc, e), v);
            if (!go) {
                return false;
            }
        }
        if (inHole && !v.hole(holeFirst, holeLast, 1)) {
            return false;
        }
        return v.post(a, b, 1, table);
    }

    private boolean pd(long table, long a, long b, long acc, WalkVisitor v) {
        int i0 = (int) ((a >>> 21) & 511);
        int i1 = (int) ((b >>> 21) & 511);
        if (!readable(table + i0 * 8L, (i1 - i0 + 1) * 8)) {
            return v.fault(a, b, 2, table, Failure.TABLE_OUTSIDE_MEMORY, "");
        }
        switch (v.pre(a, b, 2, table)) {
            case STOP -> { return false; }
            case SKIP -> { return true; }
            case CONTINUE -> { }
        }
        long base = a & -SPAN_1;
        boolean inHole = false;
        long holeFirst = 0, holeLast = 0;
        for (int i = i0; i <= i1; i++) {
            long start = base | ((long) i << 21);
            long s = i == i0 ? a : start;
            long t = i == i1 ? b : start + (SPAN_2 - 1);
            long e = segment.get(ENTRY, table + i * 8L);
            if ((e & P) == 0) {
                if (!inHole) {
                    inHole = true;
                    holeFirst = s;
                }
                holeLast = t;
                continue;
            }
            if (inHole) {
                inHole = false;
                if (!v.hole(holeFirst, holeLast, 2)) {
                    return false;
                }
            }
            boolean go = (e & PS) != 0
                    ? v.leaf(s, (e & ADDR_2M) | (s & (SPAN_2 - 1)), t - s + 1, 2, e, leafAttributes(acc, e, 12))
                    : pt(e & ADDR, s, t, tableAttributes(acc, e), v);
            if (!go) {
                return false;
            }
        }
        if (inHole && !v.hole(holeFirst, holeLast, 2)) {
            return false;
        }
        return v.post(a, b, 2, table);
    }

    private boolean pt(long table, long a, long b, long acc, WalkVisitor v) {
        int i0 = (int) ((a >>> 12) & 511);
        int i1 = (int) ((b >>> 12) & 511);
        if (!readable(table + i0 * 8L, (i1 - i0 + 1) * 8)) {
            return v.fault(a, b, 3, table, Failure.TABLE_OUTSIDE_MEMORY, "");
        }
        switch (v.pre(a, b, 3, table)) {
            case STOP -> { return false; }
            case SKIP -> { return true; }
            case CONTINUE -> { }
        }
        long base = a & -SPAN_2;
        boolean inHole = false;
        long holeFirst = 0, holeLast = 0;
        for (int i = i0; i <= i1; i++) {
            long start = base | ((long) i << 12);
            long s = i == i0 ? a : start;
            long t = i == i1 ? b : start + (SPAN_3 - 1);
            long e = segment.get(ENTRY, table + i * 8L);
            if ((e & P) == 0) {
                if (!inHole) {
                    inHole = true;
                    holeFirst = s;
                }
                holeLast = t;
                continue;
            }
            if (inHole) {
                inHole = false;
                if (!v.hole(holeFirst, holeLast, 3)) {
                    return false;
                }
            }
            if (!v.leaf(s, (e & ADDR) | (s & (SPAN_3 - 1)), t - s + 1, 3, e, leafAttributes(acc, e, 7))) {
                return false;
            }
        }
        if (inHole && !v.hole(holeFirst, holeLast, 3)) {
            return false;
        }
        return v.post(a, b, 3, table);
    }

    /** R/W and U/S are anded into bits 0 and 1, XD ored into bit 2 (SDM §4.6). */
    private static long tableAttributes(long acc, long e) {
        return (acc & (~3L | ((e >>> 1) & 1) | (e & US) >>> 1)) | ((e >>> 63) << 2);
    }

    /**
     * As a table entry, and G (bit 8) sets bit 3, PWT and PCD (bits 3 and 4) bits 4 and 5, PAT
     * (bit {@code patBit}: 7 in a PTE, 12 in an entry that maps a larger page) bit 6.
     */
    private static long leafAttributes(long acc, long e, int patBit) {
        return (tableAttributes(acc, e) & ~0x78L) | (((e >>> 8) & 1) << 3) | (e & 0x18) << 1 | ((e >>> patBit) & 1) << 6;
    }

    private boolean readable(long pa, long bytes) {
        return pa >= 0 && pa <= segment.byteSize() - bytes;
    }

    private static long oneRoot(long[] roots) {
        if (roots.length != 1) {
            throw new IllegalArgumentException("x86_64 needs 1 root value, got " + roots.length);
        }
        return roots[0];
    }
}
