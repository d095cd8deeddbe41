package org.ptdesc.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.TreeWalker;

/**
 * How close the batched walk with runs comes to its bound: per round on the large tree, a
 * hand-written Java walk that hands each page table to a consumer decoding x86-64 entries by hand
 * in its own loop (the form's ideal: no decoder to inline, no index arithmetic of
 * {@link org.ptdesc.runtime.EntryRun}), then the generated per-leaf walk ({@link LeafSum}), the
 * batched walk ({@link BatchSum}) and the batched walk with runs ({@link RunSum}); every sum is
 * checked against the per-leaf walk's. Prints medians and bests in milliseconds.
 * Usage: {@code ViewProbe [small|large] [rounds] [forms]}, forms the digits of those to run
 * (default {@code 0123}, in the order above; sums are checked only when all run).
 */
public final class ViewProbe {

    private static final ValueLayout.OfLong ENTRY = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long P = 1, US = 4, PS = 0x80, ADDR = 0x000f_ffff_ffff_f000L;

    private ViewProbe() {}

    /** The hand-written consumer of one page table: sums what {@link LeafSum} sums. */
    private static final class PageTableSum {
        long sum;
        long leaves;

        void accept(MemorySegment m, long table, long va, long acc) {
            long s = 0;
            long n = 0;
            for (int i = 0; i < 512; i++) {
                long e = m.get(ENTRY, table + 8L * i);
                if ((e & P) != 0) {
                    s += (va + ((long) i << 12)) + (e & ADDR) + 4096 + 3 + e + leafAttributes(acc, e);
                    n++;
                }
            }
            sum += s;
            leaves += n;
        }
    }

    private static long tableAttributes(long acc, long e) {
        return (acc & (~3L | ((e >>> 1) & 1) | (e & US) >>> 1)) | ((e >>> 63) << 2);
    }

    private static long leafAttributes(long acc, long e) {
        return (tableAttributes(acc, e) & ~0x78L) | (((e >>> 8) & 1) << 3) | (e & 0x18) << 1 | ((e >>> 7) & 1) << 6;
    }

    /** The lower half's page tables, each handed whole to {@code c} (the bench trees have no large pages). */
    private static void walk(MemorySegment m, long cr3, PageTableSum c) {
        long pml4 = cr3 & ADDR;
        for (int i = 0; i < 256; i++) {
            long e = m.get(ENTRY, pml4 + 8L * i);
            if ((e & P) == 0) {
                continue;
            }
            for (int j = 0; j < 512; j++) {
                long f = m.get(ENTRY, (e & ADDR) + 8L * j);
                if ((f & P) == 0 || (f & PS) != 0) {
                    continue;
                }
                for (int k = 0; k < 512; k++) {
                    long g = m.get(ENTRY, (f & ADDR) + 8L * k);
                    if ((g & P) == 0 || (g & PS) != 0) {
                        continue;
                    }
                    long acc = tableAttributes(tableAttributes(tableAttributes(X86Info.ATTRIBUTES_INIT, e), f), g);
                    c.accept(m, g & ADDR, ((long) i << 39) | ((long) j << 30) | ((long) k << 21), acc);
                }
            }
        }
    }

    public static void main(String[] args) {
        X86TreeImage image = X86TreeImage.named(args.length > 0 ? args[0] : "large");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        String only = args.length > 2 ? args[2] : "0123";
        TreeWalker generated = Engine.GENERATED.create(image.segment());
        LeafSum perLeaf = new LeafSum();
        BatchSum batchSum = new BatchSum();
        LeafBatch batch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, batchSum);
        RunSum runSum = new RunSum();
        LeafBatch runBatch = new LeafBatch(LeafBatch.DEFAULT_CAPACITY, runSum);
        PageTableSum hand = new PageTableSum();
        long[][] times = new long[4][rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            hand.sum = 0;
            hand.leaves = 0;
            if (only.contains("0")) walk(image.segment(), image.cr3(), hand);
            long t1 = System.nanoTime();
            perLeaf.reset();
            generated.walk(image.memory(), image.cr3(), 0, X86Info.LOW_LAST, perLeaf);
            long t2 = System.nanoTime();
            batchSum.reset();
            if (only.contains("2")) generated.walkBatched(image.memory(), image.cr3(), 0, X86Info.LOW_LAST, batch);
            long t3 = System.nanoTime();
            runSum.reset();
            if (only.contains("3")) generated.walkBatched(image.memory(), image.cr3(), 0, X86Info.LOW_LAST, runBatch);
            long t4 = System.nanoTime();
            times[0][r] = t1 - t0;
            times[1][r] = t2 - t1;
            times[2][r] = t3 - t2;
            times[3][r] = t4 - t3;
            for (long[] sumAndLeaves : new long[][] {{hand.sum, hand.leaves}, {batchSum.sum(), batchSum.leaves()}, {runSum.sum(), runSum.leaves()}}) {
                if (only.length() == 4 && (sumAndLeaves[0] != perLeaf.sum() || sumAndLeaves[1] != perLeaf.leaves())) {
                    throw new AssertionError("a form's sum differs from the per-leaf walk's");
                }
            }
        }
        String[] names = {"hand-written view", "per leaf (inlined)", "batched", "batched with runs"};
        for (int f = 0; f < names.length; f++) {
            Arrays.sort(times[f]);
            System.out.printf("%-20s median %6.2f  best %6.2f ms%n", names[f], times[f][rounds / 2] / 1e6, times[f][0] / 1e6);
        }
    }
}
