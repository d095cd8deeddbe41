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
import org.ptdesc.runtime.TreeWalker;

/**
 * The four x86-64 walkers side by side on two trees: {@code small} (8 MiB mapped in 4 KiB
 * pages: the page tables fit in L1/L2) and {@code large} (16 GiB mapped in 4 KiB pages: 32 MiB
 * of page tables, more than the caches). Two operations: {@link #translate} of a random mapped
 * address (a precomputed array, cycled), and {@link #walkLowerHalf}, a walk of the whole lower
 * canonical half with a visitor that sums the leaves' arguments.
 *
 * <p>JMH forks one JVM per engine and tree, so no walker's profile (or arena kind, or
 * receiver class at the {@link TreeWalker} call site) leaks into another's numbers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class WalkerBenchmark {

    /** Addresses per array: a power of two, small enough that the array itself stays in L2. */
    private static final int ADDRESSES = 1 << 14;

    @Param({"GENERATED", "HAND_WRITTEN", "GENERIC", "INTERPRETER"})
    public Engine engine;

    @Param({"small", "large"})
    public String tree;

    private TreeWalker walker;
    private PhysicalMemory memory;
    private long cr3;
    private long[] addresses;
    private int next;
    private final LeafSum visitor = new LeafSum();

    @Setup
    public void setUp() {
        X86TreeImage image = X86TreeImage.named(tree);
        walker = engine.create(image.segment());
        memory = image.memory();
        cr3 = image.cr3();
        addresses = image.randomMappedAddresses(ADDRESSES, 0x5eed);
        if (walker.translate(memory, cr3, addresses[0]) == TreeWalker.NO_MAPPING) {
            throw new IllegalStateException(engine + " finds no mapping for a mapped address");
        }
    }

    /** One translation of a random mapped address; the result goes to JMH's blackhole. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public long translate() {
        long va = addresses[next];
        next = (next + 1) & (ADDRESSES - 1);
        return walker.translate(memory, cr3, va);
    }

    /** A walk of {@code 0 .. 0x7fff_ffff_ffff}: every leaf of the tree, and the holes around them. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long walkLowerHalf() {
        visitor.reset();
        walker.walk(memory, cr3, 0, X86Info.LOW_LAST, visitor);
        return visitor.sum();
    }
}
