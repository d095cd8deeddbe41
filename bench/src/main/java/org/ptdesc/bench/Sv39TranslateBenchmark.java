package org.ptdesc.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The generated RISC-V Sv39 walker's {@code translate} on a small tree built in memory: 8 MiB
 * mapped in 4 KiB pages (one VPN2 pointer, one VPN1 table with four pointers, four VPN0 tables
 * of 512 read-write leaves), a random mapped address per call. A tree whose translate, with
 * every rule inline, is too big for the JIT to inline (the reason for fast accepts: see
 * {@code docs/code-generation.md}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class Sv39TranslateBenchmark {

    private static final int ADDRESSES = 1 << 14;
    /** satp with PPN 1: the root table at 0x1000 (privileged spec §4.1.11). */
    private static final long SATP = 1;

    private TreeWalker walker;
    private PhysicalMemory memory;
    private long[] addresses;
    private int next;

    @Setup
    public void setUp() {
        walker = Ptdesc.load(SampleDescriptors.file("riscv_sv39.ptdesc"), "riscv_sv39");
        MemorySegment segment = Arena.ofAuto().allocate(0x8000);
        memory = PhysicalMemory.of(segment);
        // PTE = PPN << 10 | flags; V = 1, R = 2, W = 4, A = 0x40, D = 0x80 (§4.3.1, §4.4.1).
        memory.writeLong(0x1000, (0x2000L >> 12) << 10 | 1, false);
        for (int t = 0; t < 4; t++) {
            long vpn0 = 0x3000 + 0x1000L * t;
            memory.writeLong(0x2000 + 8L * t, (vpn0 >> 12) << 10 | 1, false);
            for (int i = 0; i < 512; i++) {
                long frame = 0x8000_0000L + ((long) t * 512 + i) * 0x1000;
                memory.writeLong(vpn0 + 8L * i, (frame >> 12) << 10 | 0xc7, false);
            }
        }
        Random random = new Random(0x5eed);
        addresses = new long[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            addresses[i] = random.nextLong() & 0x7f_ffffL;
        }
        long pa = walker.translate(memory, SATP, 0x3_4567);
        if (pa != 0x8003_4567L) {
            throw new IllegalStateException("0x34567 translates to 0x" + Long.toHexString(pa) + ", not 0x80034567");
        }
    }

    /** One translation of a random mapped address; the result goes to JMH's blackhole. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long translate() {
        long va = addresses[next];
        next = (next + 1) & (ADDRESSES - 1);
        return walker.translate(memory, SATP, va);
    }
}
