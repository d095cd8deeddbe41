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
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * Nested translate of x86-64 over Intel EPT ({@link NestedX86EptImage}, the {@code small} and
 * {@code large} guest trees of {@link WalkerBenchmark} with every guest physical page under a
 * 4 KiB EPT page): the generated pair class ({@code PAIR}, {@link Ptdesc#loadNested}) against
 * {@link HandWrittenNestedX86EptWalker} ({@code HAND_WRITTEN}) and its twin reading through
 * {@code PhysicalMemory} ({@link HandWrittenNestedX86EptMemoryWalker}, {@code HAND_WRITTEN_MEMORY}), and the plain translate of the
 * same guest addresses by the generated x86-64 walker over the guest's own image
 * ({@code PLAIN}), for the cost of nesting. Random mapped addresses, cycled, as in
 * {@link WalkerBenchmark#translate}; one forked JVM per engine and tree.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NestedBenchmark {

    private static final int ADDRESSES = 1 << 14;

    /** What translates. */
    public enum Kind { PAIR, HAND_WRITTEN, HAND_WRITTEN_MEMORY, PLAIN }

    @Param({"PAIR", "HAND_WRITTEN", "HAND_WRITTEN_MEMORY", "PLAIN"})
    public Kind engine;

    @Param({"small", "large"})
    public String tree;

    private NestedX86EptImage image;
    private NestedWalker pair;
    private TreeWalker plain;
    private PhysicalMemory memory;
    private long cr3;
    private long eptp;
    private long[] addresses;
    private int next;

    @Setup
    public void setUp() {
        image = NestedX86EptImage.of(X86TreeImage.named(tree));
        cr3 = image.guest().cr3();
        eptp = image.eptp();
        addresses = image.guest().randomMappedAddresses(ADDRESSES, 0x5eed);
        memory = engine == Kind.PLAIN ? image.guest().memory() : image.memory();
        pair = Ptdesc.loadNested(SampleDescriptors.file("x86_64.ptdesc"), "x86_64",
                SampleDescriptors.file("intel_ept.ptdesc"), "intel_ept");
        plain = Ptdesc.load(SampleDescriptors.file("x86_64.ptdesc"), "x86_64");
        long expected = pair.translate(image.memory(), cr3, eptp, addresses[0]);
        if (expected == TreeWalker.NO_MAPPING || expected != translate(addresses[0])) {
            throw new IllegalStateException(engine + " disagrees with the pair class on a mapped address");
        }
    }

    private long translate(long va) {
        return switch (engine) {
            case PAIR -> pair.translate(memory, cr3, eptp, va);
            case HAND_WRITTEN -> HandWrittenNestedX86EptWalker.translate(image.segment(), cr3, eptp, va);
            case HAND_WRITTEN_MEMORY -> HandWrittenNestedX86EptMemoryWalker.translate(memory, cr3, eptp, va);
            case PLAIN -> plain.translate(memory, cr3, va);
        };
    }

    /** One translation of a random mapped address; the result goes to JMH's blackhole. */
    @Benchmark
    public long translate() {
        long va = addresses[next];
        next = (next + 1) & (ADDRESSES - 1);
        return translate(va);
    }
}
