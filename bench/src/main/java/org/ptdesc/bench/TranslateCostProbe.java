package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * A cross-check of {@link WalkerBenchmark#translate} for a loaded machine: in one JVM, rounds of
 * translations of the same addresses by the generated walker, the hand-written walker reading
 * the segment, and the hand-written walker reading through {@link PhysicalMemory} alternate, so
 * that load from other processes falls on all alike; prints the median time per translation of
 * each and the median ratios to the hand-written walker. Each engine has its own loop (its own
 * call site), so no call site sees two walker classes. Not a JMH benchmark: it complements the
 * JMH figures rather than replacing them.
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
        for (int warm = 0; warm < 20; warm++) {
            sink += generated(generated, mem, cr3, vas) + hand(hand, mem, cr3, vas) + handThroughMemory(mem, cr3, vas);
        }
        double[] gen = new double[rounds];
        double[] seg = new double[rounds];
        double[] viaMem = new double[rounds];
        double[] chk = new double[rounds];
        double[] genRatio = new double[rounds];
        double[] memRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            sink += generated(generated, mem, cr3, vas);
            long t1 = System.nanoTime();
            sink += hand(hand, mem, cr3, vas);
            long t2 = System.nanoTime();
            sink += handThroughMemory(mem, cr3, vas);
            long t3 = System.nanoTime();
            sink += checkedSegment(image.segment(), cr3, vas);
            long t4 = System.nanoTime();
            chk[r] = (double) (t4 - t3) / PER_ROUND;
            gen[r] = (double) (t1 - t0) / PER_ROUND;
            seg[r] = (double) (t2 - t1) / PER_ROUND;
            viaMem[r] = (double) (t3 - t2) / PER_ROUND;
            genRatio[r] = gen[r] / seg[r];
            memRatio[r] = viaMem[r] / seg[r];
        }
        System.out.printf("tree %s, %d rounds of %d translations each (medians): generated %.2f ns,"
                + " hand-written %.2f ns, hand-written through PhysicalMemory %.2f ns;"
                + " generated / hand-written %.3f, through PhysicalMemory / hand-written %.3f (checksum %d)%n",
                tree, rounds, PER_ROUND, median(gen), median(seg), median(viaMem), median(genRatio),
                median(memRatio), sink & 0xff);
        System.out.printf("  own check + segment read: %.2f ns%n", median(chk));
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

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
