package org.ptdesc.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * Whether translating many addresses at once with several walks in flight beats a loop of
 * single translations: {@value #COUNT} random mapped addresses per operation, results in an
 * array; times are per address. {@link #generatedLoop} is the generated walker's
 * {@code translate} in a loop; {@link #handLoop} and {@link #handInterleaved} are
 * {@link InterleavedTranslate}'s two orders of the same code. {@link #handWrittenLoop} and
 * {@link #genericLoop} are {@link WalkerBenchmark}'s hand-written and generic walkers in the
 * same loop: the ratios of {@link WalkerBenchmark#translate}, one translation per call of the
 * benchmark, measured where the translations of a loop can overlap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class TranslateManyBenchmark {

    static final int COUNT = 4096;

    @Param({"small", "large"})
    public String tree;

    private TreeWalker generated;
    private TreeWalker handWritten;
    private TreeWalker generic;
    private PhysicalMemory memory;
    private long cr3;
    private long[] vas;
    private final long[] pas = new long[COUNT];

    @Setup
    public void setUp() {
        X86TreeImage image = X86TreeImage.named(tree);
        generated = Engine.GENERATED.create(image.segment());
        handWritten = Engine.HAND_WRITTEN.create(image.segment());
        generic = Engine.GENERIC.create(image.segment());
        memory = image.memory();
        cr3 = image.cr3();
        vas = image.randomMappedAddresses(COUNT, 0x5eed);
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public long[] generatedLoop() {
        for (int i = 0; i < COUNT; i++) {
            pas[i] = generated.translate(memory, cr3, vas[i]);
        }
        return pas;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public long[] handWrittenLoop() {
        for (int i = 0; i < COUNT; i++) {
            pas[i] = handWritten.translate(memory, cr3, vas[i]);
        }
        return pas;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public long[] genericLoop() {
        for (int i = 0; i < COUNT; i++) {
            pas[i] = generic.translate(memory, cr3, vas[i]);
        }
        return pas;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public long[] handLoop() {
        InterleavedTranslate.oneByOne(memory, cr3, vas, pas);
        return pas;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public long[] handInterleaved() {
        InterleavedTranslate.fourAtATime(memory, cr3, vas, pas);
        return pas;
    }
}
