package org.ptdesc.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A diagnostic beside {@link WalkerBenchmark}: the hand-written translate again, but reading
 * its entries through {@link PhysicalMemory#readLong} as every compiled walker must, instead of
 * straight from the segment. Its distance to the hand-written walker is the price of the
 * runtime's read path; its distance to the generated walker is the code generator's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ReadPathBenchmark {

    private static final int ADDRESSES = 1 << 14;

    @Param({"small", "large"})
    public String tree;

    private PhysicalMemory memory;
    private long cr3;
    private long[] addresses;
    private int next;

    @Setup
    public void setUp() {
        X86TreeImage image = X86TreeImage.named(tree);
        memory = image.memory();
        cr3 = image.cr3();
        addresses = image.randomMappedAddresses(ADDRESSES, 0x5eed);
    }

    /** Same addresses, same order as {@link WalkerBenchmark#translate}. */
    @Benchmark
    public long translateThroughPhysicalMemory() {
        long va = addresses[next];
        next = (next + 1) & (ADDRESSES - 1);
        return translate(memory, cr3, va);
    }

    private static final long P = 1, PS = 0x80;
    private static final long ADDR = 0x000f_ffff_ffff_f000L;

    /** {@link HandWrittenX86Walker#translate(java.lang.foreign.MemorySegment, long, long)}, reading through {@code m}. */
    static long translate(PhysicalMemory m, long cr3, long va) {
        if ((va << 16 >> 16) != va) {
            return -1;
        }
        try {
            long e = m.readLong((cr3 & ADDR) + ((va >>> 36) & 0xff8));
            if ((e & P) == 0) {
                return -1;
            }
            e = m.readLong((e & ADDR) + ((va >>> 27) & 0xff8));
            if ((e & P) == 0) {
                return -1;
            }
            if ((e & PS) != 0) {
                return (e & 0x000f_ffff_c000_0000L) | (va & 0x3fff_ffffL);
            }
            e = m.readLong((e & ADDR) + ((va >>> 18) & 0xff8));
            if ((e & P) == 0) {
                return -1;
            }
            if ((e & PS) != 0) {
                return (e & 0x000f_ffff_ffe0_0000L) | (va & 0x1f_ffffL);
            }
            e = m.readLong((e & ADDR) + ((va >>> 9) & 0xff8));
            if ((e & P) == 0) {
                return -1;
            }
            return (e & ADDR) | (va & 0xfff);
        } catch (PhysicalMemory.Unreadable tableOutsideMemory) {
            return -1;
        }
    }
}
