package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A cross-check of {@link NestedBenchmark} for a loaded machine: in one JVM, rounds of nested
 * translations (x86-64 over Intel EPT) of the same addresses by the generated pair class, the
 * hand-written nested walker reading the segment ({@link HandWrittenNestedX86EptWalker}) and its
 * twin reading through {@link PhysicalMemory} ({@link HandWrittenNestedX86EptMemoryWalker})
 * alternate, so that load from other processes falls on all alike; prints the median time per
 * translation of each and the median ratios. Each engine has its own loop. Not a JMH benchmark.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * org.ptdesc.bench.NestedCostProbe small|large [rounds]} from the repository root.
 */
public final class NestedCostProbe {

    private static final int ADDRESSES = 1 << 14;
    private static final int PER_ROUND = 1 << 18;

    private NestedCostProbe() {}

    public static void main(String[] args) {
        String tree = args.length > 0 ? args[0] : "small";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 31;
        NestedX86EptImage image = NestedX86EptImage.of(X86TreeImage.named(tree));
        NestedWalker pair = Ptdesc.loadNested(SampleDescriptors.file("x86_64.ptdesc"), "x86_64",
                SampleDescriptors.file("intel_ept.ptdesc"), "intel_ept");
        PhysicalMemory mem = image.memory();
        long cr3 = image.guest().cr3();
        long eptp = image.eptp();
        long[] vas = image.guest().randomMappedAddresses(ADDRESSES, 0x5eed);
        for (long va : vas) {
            long expected = pair.translate(mem, cr3, eptp, va);
            if (expected != HandWrittenNestedX86EptWalker.translate(image.segment(), cr3, eptp, va)
                    || expected != HandWrittenNestedX86EptMemoryWalker.translate(mem, cr3, eptp, va)) {
                throw new IllegalStateException("the engines disagree at 0x" + Long.toHexString(va));
            }
        }
        long sink = 0;
        for (int warm = 0; warm < 20; warm++) {
            sink += pair(pair, mem, cr3, eptp, vas) + hand(image, cr3, eptp, vas) + handThroughMemory(mem, cr3, eptp, vas);
        }
        double[] p = new double[rounds];
        double[] h = new double[rounds];
        double[] hm = new double[rounds];
        double[] ratio = new double[rounds];
        double[] ratioMem = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            sink += pair(pair, mem, cr3, eptp, vas);
            long t1 = System.nanoTime();
            sink += hand(image, cr3, eptp, vas);
            long t2 = System.nanoTime();
            sink += handThroughMemory(mem, cr3, eptp, vas);
            long t3 = System.nanoTime();
            p[r] = (double) (t1 - t0) / PER_ROUND;
            h[r] = (double) (t2 - t1) / PER_ROUND;
            hm[r] = (double) (t3 - t2) / PER_ROUND;
            ratio[r] = p[r] / h[r];
            ratioMem[r] = p[r] / hm[r];
        }
        System.out.printf("tree %s, %d rounds of %d nested translations each (medians): pair %.2f ns,"
                + " hand-written (segment) %.2f ns, hand-written (PhysicalMemory) %.2f ns;"
                + " pair / hand-written (segment) %.3f, pair / hand-written (PhysicalMemory) %.3f (checksum %d)%n",
                tree, rounds, PER_ROUND, median(p), median(h), median(hm), median(ratio), median(ratioMem), sink & 0xff);
    }

    private static long pair(NestedWalker walker, PhysicalMemory mem, long cr3, long eptp, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += walker.translate(mem, cr3, eptp, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static long hand(NestedX86EptImage image, long cr3, long eptp, long[] vas) {
        long sum = 0;
        java.lang.foreign.MemorySegment segment = image.segment();
        for (int i = 0; i < PER_ROUND; i++) {
            sum += HandWrittenNestedX86EptWalker.translate(segment, cr3, eptp, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static long handThroughMemory(PhysicalMemory mem, long cr3, long eptp, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += HandWrittenNestedX86EptMemoryWalker.translate(mem, cr3, eptp, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
