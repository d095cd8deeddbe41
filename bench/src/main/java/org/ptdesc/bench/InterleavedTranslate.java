package org.ptdesc.bench;

import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The experiment of issue 15's "translate of many addresses at once": x86-64 translations
 * written by hand, reading through {@link PhysicalMemory} as generated code does, either one
 * address after another ({@link #oneByOne}) or four at a time interleaved level by level
 * ({@link #fourAtATime}), so that the four loads of a level are independent and can be in
 * flight together. Both use the same {@link #step}; only the order of the loads differs. A
 * lane's state is the next table's address, or once it is done its answer with bit 63 set
 * ({@code -1}: no mapping), which no table address or physical address (52 bits) can be.
 */
public final class InterleavedTranslate {

    private static final long ADDRESS = 0x000f_ffff_ffff_f000L;
    private static final long DONE = Long.MIN_VALUE;

    private InterleavedTranslate() {}

    /** Translates {@code vas} into {@code pas}, one address after another. */
    public static void oneByOne(PhysicalMemory mem, long cr3, long[] vas, long[] pas) {
        for (int i = 0; i < vas.length; i++) {
            long va = vas[i];
            long s = start(cr3, va);
            s = step(mem, s, va, 39, false);
            s = step(mem, s, va, 30, true);
            s = step(mem, s, va, 21, true);
            s = step(mem, s, va, 12, true);
            pas[i] = answer(s);
        }
    }

    /** Translates {@code vas} (a multiple of four long) into {@code pas}, four at a time, level by level. */
    public static void fourAtATime(PhysicalMemory mem, long cr3, long[] vas, long[] pas) {
        for (int i = 0; i + 3 < vas.length; i += 4) {
            long v0 = vas[i], v1 = vas[i + 1], v2 = vas[i + 2], v3 = vas[i + 3];
            long s0 = start(cr3, v0), s1 = start(cr3, v1), s2 = start(cr3, v2), s3 = start(cr3, v3);
            s0 = step(mem, s0, v0, 39, false);
            s1 = step(mem, s1, v1, 39, false);
            s2 = step(mem, s2, v2, 39, false);
            s3 = step(mem, s3, v3, 39, false);
            s0 = step(mem, s0, v0, 30, true);
            s1 = step(mem, s1, v1, 30, true);
            s2 = step(mem, s2, v2, 30, true);
            s3 = step(mem, s3, v3, 30, true);
            s0 = step(mem, s0, v0, 21, true);
            s1 = step(mem, s1, v1, 21, true);
            s2 = step(mem, s2, v2, 21, true);
            s3 = step(mem, s3, v3, 21, true);
            s0 = step(mem, s0, v0, 12, true);
            s1 = step(mem, s1, v1, 12, true);
            s2 = step(mem, s2, v2, 12, true);
            s3 = step(mem, s3, v3, 12, true);
            pas[i] = answer(s0);
            pas[i + 1] = answer(s1);
            pas[i + 2] = answer(s2);
            pas[i + 3] = answer(s3);
        }
    }

    private static long start(long cr3, long va) {
        return va << 16 >> 16 == va ? cr3 & ADDRESS : -1L;
    }

    /** One level: the next table, or the answer once the walk ends at this level. */
    private static long step(PhysicalMemory mem, long state, long va, int shift, boolean leafAllowed) {
        if (state < 0) {
            return state;
        }
        long e;
        try {
            e = mem.readLong(state + ((va >>> shift) & 511) * 8);
        } catch (PhysicalMemory.Unreadable u) {
            return -1L;
        }
        if ((e & 1) == 0) {
            return -1L;
        }
        long offset = (1L << shift) - 1;
        if (shift == 12 || (leafAllowed && (e & 0x80) != 0)) {
            return ((e & ADDRESS & ~offset) | (va & offset)) | DONE;
        }
        return e & ADDRESS;
    }

    private static long answer(long state) {
        return state == -1L ? TreeWalker.NO_MAPPING : state & ~DONE;
    }
}
