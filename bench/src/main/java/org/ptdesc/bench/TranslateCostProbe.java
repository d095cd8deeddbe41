package org.ptdesc.bench;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * A cross-check of {@link WalkerBenchmark#translate} for a loaded machine: in one JVM, rounds of
 * translations of the same addresses by the generated walker, the hand-written walker reading
 * the segment, and the hand-written walker reading through {@link PhysicalMemory} alternate, so
 * that load from other processes falls on all alike, with hand-written forms of the read that
 * allocation-free faults allow (an own bounds test in several shapes, the limit taken in several
 * places, and the {@code PhysicalMemory.readFlatLong} reads generated code makes); prints the
 * median time per translation of each and its median ratio to the hand-written walker. Each
 * form is its own copy of the translate with its own loop (its own call site), on purpose: the
 * JIT compiles each alone, as it would compile a walker, and no call site sees two forms. Not a
 * JMH benchmark: it complements the JMH figures rather than replacing them.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.ptdesc.bench.TranslateCostProbe small|large [rounds]} from the repository root.
 */
public final class TranslateCostProbe {

    private static final int ADDRESSES = 1 << 14;
    private static final int PER_ROUND = 1 << 20;

    private TranslateCostProbe() {}

    public static void main(String[] args) {
        String tree = args.length > 0 ? args[0] : "small";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 31;
        X86TreeImage image = X86TreeImage.named(tree);
        TreeWalker generated = Engine.GENERATED.create(image.segment());
        TreeWalker hand = Engine.HAND_WRITTEN.create(image.segment());
        PhysicalMemory mem = image.memory();
        long cr3 = image.cr3();
        long[] vas = image.randomMappedAddresses(ADDRESSES, 0x5eed);
        long sink = 0;
        MemorySegment seg = image.segment();
        Variant[] variants = variants(generated, hand, mem, seg, cr3, vas);
        for (int warm = 0; warm < 20; warm++) {
            for (Variant v : variants) {
                sink += v.round().getAsLong();
            }
        }
        double[][] times = new double[variants.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int v = 0; v < variants.length; v++) {
                long t0 = System.nanoTime();
                sink += variants[v].round().getAsLong();
                times[v][r] = (double) (System.nanoTime() - t0) / PER_ROUND;
            }
        }
        double hw = median(times[1]);
        System.out.printf("tree %s, %d rounds of %d translations each, medians (checksum %d):%n", tree, rounds, PER_ROUND,
                sink & 0xff);
        for (int v = 0; v < variants.length; v++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = times[v][r] / times[1][r];
            }
            System.out.printf("  %-44s %6.2f ns  / hand-written %.3f%n", variants[v].name(), median(times[v]),
                    median(ratio));
        }
    }

    /** One engine or read form: a name and a round of {@link #PER_ROUND} translations. */
    private record Variant(String name, LongSupplier round) {}

    /*
     * Every variant translates the same addresses and must give the same sum: each is checked
     * against the hand-written walker once before timing, so a variant that reads the wrong
     * entry cannot look fast.
     */
    private static Variant[] variants(TreeWalker generated, TreeWalker hand, PhysicalMemory mem, MemorySegment seg,
            long cr3, long[] vas) {
        Variant[] all = {
            new Variant("generated", () -> generated(generated, mem, cr3, vas)),
            new Variant("hand-written (segment)", () -> hand(hand, mem, cr3, vas)),
            new Variant("hand-written through PhysicalMemory", () -> handThroughMemory(mem, cr3, vas)),
            new Variant("own unsigned test (cached limit) + segment", () -> checkedSegment(seg, cr3, vas)),
            new Variant("flat segment, limit byteSize() - 7, readFlatLong", () -> roundFlatApi(mem, cr3, vas)),
            new Variant("flat segment, flatLimit, readFlatLong", () -> roundFlatApiCi(mem, cr3, vas)),
            new Variant("own unsigned test, limit from byteSize() - 7 in translate", () -> roundLocal(seg, cr3, vas)),
            new Variant("own signed test pa < 0 || pa >= size - 7", () -> roundSigned(seg, cr3, vas)),
            new Variant("own unsigned test on byteSize() - 8 + 1 per read", () -> roundPerRead(seg, cr3, vas)),
            new Variant("limit >= 0 tested once, then unsigned", () -> roundLenPos(seg, cr3, vas)),
            new Variant("unsigned as signed on pa + MIN_VALUE", () -> roundBiased(seg, cr3, vas)),
        };
        long expected = all[1].round().getAsLong();
        for (Variant v : all) {
            long got = v.round().getAsLong();
            if (got != expected) {
                throw new IllegalStateException(v.name() + " gives " + got + ", the hand-written walker " + expected);
            }
        }
        return all;
    }

    private static long generated(TreeWalker walker, PhysicalMemory mem, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += walker.translate(mem, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static long hand(TreeWalker walker, PhysicalMemory mem, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += walker.translate(mem, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static long handThroughMemory(PhysicalMemory mem, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += ReadPathBenchmark.translate(mem, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static final java.lang.foreign.ValueLayout.OfLong LE =
            java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private static long checkedSegment(java.lang.foreign.MemorySegment s, long cr3, long[] vas) {
        long sum = 0;
        long limit = s.byteSize() - 7;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += checkedTranslate(s, limit, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static final long ADDR = 0x000f_ffff_ffff_f000L;

    static long checkedTranslate(java.lang.foreign.MemorySegment m, long limit, long cr3, long va) {
        if ((va << 16 >> 16) != va) return -1;
        long pa = (cr3 & ADDR) + ((va >>> 36) & 0xff8);
        if (Long.compareUnsigned(pa, limit) >= 0) return -2;
        long e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        pa = (e & ADDR) + ((va >>> 27) & 0xff8);
        if (Long.compareUnsigned(pa, limit) >= 0) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
        pa = (e & ADDR) + ((va >>> 18) & 0xff8);
        if (Long.compareUnsigned(pa, limit) >= 0) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
        pa = (e & ADDR) + ((va >>> 9) & 0xff8);
        if (Long.compareUnsigned(pa, limit) >= 0) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        return (e & ADDR) | (va & 0xfff);
    }

    private static boolean outsideLocal(MemorySegment m, long lim, long pa) {
        return Long.compareUnsigned(pa, lim) >= 0;
    }

    static long translateLocal(MemorySegment m, long cr3, long va) {
        if ((va << 16 >> 16) != va) return -1;
        long lim = m.byteSize() - 7;
        long pa = (cr3 & ADDR) + ((va >>> 36) & 0xff8);
        if (outsideLocal(m, lim, pa)) return -2;
        long e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        pa = (e & ADDR) + ((va >>> 27) & 0xff8);
        if (outsideLocal(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
        pa = (e & ADDR) + ((va >>> 18) & 0xff8);
        if (outsideLocal(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
        pa = (e & ADDR) + ((va >>> 9) & 0xff8);
        if (outsideLocal(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        return (e & ADDR) | (va & 0xfff);
    }

    private static long roundLocal(MemorySegment s, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += translateLocal(s, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static boolean outsideSigned(MemorySegment m, long lim, long pa) {
        return pa < 0 || pa >= lim;
    }

    static long translateSigned(MemorySegment m, long cr3, long va) {
        if ((va << 16 >> 16) != va) return -1;
        long lim = m.byteSize() - 7;
        long pa = (cr3 & ADDR) + ((va >>> 36) & 0xff8);
        if (outsideSigned(m, lim, pa)) return -2;
        long e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        pa = (e & ADDR) + ((va >>> 27) & 0xff8);
        if (outsideSigned(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
        pa = (e & ADDR) + ((va >>> 18) & 0xff8);
        if (outsideSigned(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
        pa = (e & ADDR) + ((va >>> 9) & 0xff8);
        if (outsideSigned(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        return (e & ADDR) | (va & 0xfff);
    }

    private static long roundSigned(MemorySegment s, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += translateSigned(s, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static boolean outsidePerRead(MemorySegment m, long lim, long pa) {
        return Long.compareUnsigned(pa, m.byteSize() - 8 + 1) >= 0;
    }

    static long translatePerRead(MemorySegment m, long cr3, long va) {
        if ((va << 16 >> 16) != va) return -1;
        long lim = 0;
        long pa = (cr3 & ADDR) + ((va >>> 36) & 0xff8);
        if (outsidePerRead(m, lim, pa)) return -2;
        long e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        pa = (e & ADDR) + ((va >>> 27) & 0xff8);
        if (outsidePerRead(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
        pa = (e & ADDR) + ((va >>> 18) & 0xff8);
        if (outsidePerRead(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
        pa = (e & ADDR) + ((va >>> 9) & 0xff8);
        if (outsidePerRead(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        return (e & ADDR) | (va & 0xfff);
    }

    private static long roundPerRead(MemorySegment s, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += translatePerRead(s, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static boolean outsideLenPos(MemorySegment m, long lim, long pa) {
        return Long.compareUnsigned(pa, lim) >= 0;
    }

    static long translateLenPos(MemorySegment m, long cr3, long va) {
        if ((va << 16 >> 16) != va) return -1;
        long lim = m.byteSize() - 8 + 1; if (lim < 0) return -2;
        long pa = (cr3 & ADDR) + ((va >>> 36) & 0xff8);
        if (outsideLenPos(m, lim, pa)) return -2;
        long e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        pa = (e & ADDR) + ((va >>> 27) & 0xff8);
        if (outsideLenPos(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
        pa = (e & ADDR) + ((va >>> 18) & 0xff8);
        if (outsideLenPos(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
        pa = (e & ADDR) + ((va >>> 9) & 0xff8);
        if (outsideLenPos(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        return (e & ADDR) | (va & 0xfff);
    }

    private static long roundLenPos(MemorySegment s, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += translateLenPos(s, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static boolean outsideBiased(MemorySegment m, long lim, long pa) {
        return pa + Long.MIN_VALUE >= lim;
    }

    static long translateBiased(MemorySegment m, long cr3, long va) {
        if ((va << 16 >> 16) != va) return -1;
        long lim = m.byteSize() - 7 + Long.MIN_VALUE;
        long pa = (cr3 & ADDR) + ((va >>> 36) & 0xff8);
        if (outsideBiased(m, lim, pa)) return -2;
        long e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        pa = (e & ADDR) + ((va >>> 27) & 0xff8);
        if (outsideBiased(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
        pa = (e & ADDR) + ((va >>> 18) & 0xff8);
        if (outsideBiased(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
        pa = (e & ADDR) + ((va >>> 9) & 0xff8);
        if (outsideBiased(m, lim, pa)) return -2;
        e = m.get(LE, pa);
        if ((e & 1) == 0) return -1;
        return (e & ADDR) | (va & 0xfff);
    }

    private static long roundBiased(MemorySegment s, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += translateBiased(s, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    /*
     * What a generated translate reading a flat memory directly would be: the segment and its
     * limit taken once, reads through PhysicalMemory.readFlatLong, the same exception handler.
     */
    static long translateFlatApi(PhysicalMemory mem, long cr3, long va) {
        MemorySegment m = mem.flatSegmentOrNull();
        if (m == null) return ReadPathBenchmark.translate(mem, cr3, va);
        long lim = m.byteSize() - 7;
        if ((va << 16 >> 16) != va) return -1;
        try {
            long e = PhysicalMemory.readFlatLong(m, lim, (cr3 & ADDR) + ((va >>> 36) & 0xff8));
            if ((e & 1) == 0) return -1;
            e = PhysicalMemory.readFlatLong(m, lim, (e & ADDR) + ((va >>> 27) & 0xff8));
            if ((e & 1) == 0) return -1;
            if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
            e = PhysicalMemory.readFlatLong(m, lim, (e & ADDR) + ((va >>> 18) & 0xff8));
            if ((e & 1) == 0) return -1;
            if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
            e = PhysicalMemory.readFlatLong(m, lim, (e & ADDR) + ((va >>> 9) & 0xff8));
            if ((e & 1) == 0) return -1;
            return (e & ADDR) | (va & 0xfff);
        } catch (PhysicalMemory.Unreadable outside) {
            return -1;
        }
    }

    private static long roundFlatApi(PhysicalMemory mem, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += translateFlatApi(mem, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    static long translateFlatApiCi(PhysicalMemory mem, long cr3, long va) {
        MemorySegment m = mem.flatSegmentOrNull();
        if (m == null) return ReadPathBenchmark.translate(mem, cr3, va);
        long lim = PhysicalMemory.flatLimit(m, 8);
        if ((va << 16 >> 16) != va) return -1;
        try {
            long e = PhysicalMemory.readFlatLong(m, lim, (cr3 & ADDR) + ((va >>> 36) & 0xff8));
            if ((e & 1) == 0) return -1;
            e = PhysicalMemory.readFlatLong(m, lim, (e & ADDR) + ((va >>> 27) & 0xff8));
            if ((e & 1) == 0) return -1;
            if ((e & 0x80) != 0) return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
            e = PhysicalMemory.readFlatLong(m, lim, (e & ADDR) + ((va >>> 18) & 0xff8));
            if ((e & 1) == 0) return -1;
            if ((e & 0x80) != 0) return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
            e = PhysicalMemory.readFlatLong(m, lim, (e & ADDR) + ((va >>> 9) & 0xff8));
            if ((e & 1) == 0) return -1;
            return (e & ADDR) | (va & 0xfff);
        } catch (PhysicalMemory.Unreadable outside) {
            return -1;
        }
    }

    private static long roundFlatApiCi(PhysicalMemory mem, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += translateFlatApiCi(mem, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
