package org.ptdesc.bench;

import java.util.Arrays;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * A cross-check of {@link AccessBenchmark} for a loaded machine: in one JVM, rounds of plain
 * and access-checked translations of the same addresses alternate, so that load from other
 * processes falls on both alike; prints the median time per translation of each and their
 * ratio. Not a JMH benchmark (no fork isolation, no blackhole: the results are summed), so it
 * complements the JMH figures rather than replacing them.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar org.ptdesc.bench.AccessCostProbe small|large [rounds]}
 * from the repository root.
 */
public final class AccessCostProbe {

    private static final int ADDRESSES = 1 << 14;
    private static final int PER_ROUND = 1 << 20;

    private AccessCostProbe() {}

    public static void main(String[] args) {
        String tree = args.length > 0 ? args[0] : "small";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 41;
        X86TreeImage image = X86TreeImage.named(tree);
        TreeWalker walker = Engine.GENERATED.create(image.segment());
        PhysicalMemory mem = image.memory();
        long cr3 = image.cr3();
        long modes = walker.info().defaultModes();
        long[] vas = image.randomMappedAddresses(ADDRESSES, 0x5eed);
        long sink = 0;
        for (int warm = 0; warm < 20; warm++) {
            sink += plain(walker, mem, cr3, vas) + checked(walker, mem, cr3, vas, modes);
        }
        double[] plainNs = new double[rounds];
        double[] checkedNs = new double[rounds];
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            sink += plain(walker, mem, cr3, vas);
            long t1 = System.nanoTime();
            sink += checked(walker, mem, cr3, vas, modes);
            long t2 = System.nanoTime();
            plainNs[r] = (double) (t1 - t0) / PER_ROUND;
            checkedNs[r] = (double) (t2 - t1) / PER_ROUND;
            ratio[r] = checkedNs[r] / plainNs[r];
        }
        System.out.printf("tree %s, %d rounds of %d translations each: plain %.2f ns, user read %.2f ns (medians);"
                + " median ratio %.3f (checksum %d)%n", tree, rounds, PER_ROUND, median(plainNs), median(checkedNs),
                median(ratio), sink & 0xff);
    }

    private static long plain(TreeWalker walker, PhysicalMemory mem, long cr3, long[] vas) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += walker.translate(mem, cr3, vas[i & (ADDRESSES - 1)]);
        }
        return sum;
    }

    private static long checked(TreeWalker walker, PhysicalMemory mem, long cr3, long[] vas, long modes) {
        long sum = 0;
        for (int i = 0; i < PER_ROUND; i++) {
            sum += walker.translate(mem, cr3, vas[i & (ADDRESSES - 1)], Access.READ | Access.USER, modes);
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
