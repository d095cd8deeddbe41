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
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.NestedWalkers;

/**
 * A nested walk of the guest's lower half, x86-64 over Intel EPT ({@link NestedX86EptImage}, the
 * {@code small} and {@code large} guest trees of {@link WalkerBenchmark} with every guest page
 * under a 4 KiB EPT page): the generated pair class's own walk ({@code PAIR}, {@link
 * Ptdesc#loadNested}) against the generic composition of the two generated walkers ({@code
 * COMPOSED}, {@link NestedWalkers#compose}), which walks silently until it has found the guest's
 * tables, then walks again reporting. The visitor sums every leaf's arguments; the set-up checks
 * that both engines give the same sum. One forked JVM per engine and tree.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NestedWalkBenchmark {

    /** Which nested walker walks. */
    public enum Kind { PAIR, COMPOSED }

    @Param({"PAIR", "COMPOSED"})
    public Kind engine;

    @Param({"small", "large"})
    public String tree;

    private NestedX86EptImage image;
    private NestedWalker walker;
    private long[] guestRoots;
    private long[] hostRoots;
    private final Sum visitor = new Sum();

    /** Sums every argument of every leaf, so that two walkers agree only if they report the same leaves. */
    static final class Sum implements NestedVisitor {
        long sum;
        long leaves;

        @Override
        public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry, long guestAttributes,
                int hostLevel, long hostEntry, long hostAttributes) {
            sum += va + pa + size + gpa + guestLevel + guestEntry + guestAttributes + hostLevel + hostEntry + hostAttributes;
            leaves++;
            return true;
        }
    }

    @Setup
    public void setUp() {
        image = NestedX86EptImage.of(X86TreeImage.named(tree));
        guestRoots = new long[] {image.guest().cr3()};
        hostRoots = new long[] {image.eptp()};
        NestedWalker pair = Ptdesc.loadNested(SampleDescriptors.file("x86_64.ptdesc"), "x86_64",
                SampleDescriptors.file("intel_ept.ptdesc"), "intel_ept");
        NestedWalker composed = NestedWalkers.compose(Ptdesc.load(SampleDescriptors.file("x86_64.ptdesc"), "x86_64"),
                Ptdesc.load(SampleDescriptors.file("intel_ept.ptdesc"), "intel_ept"));
        walker = engine == Kind.PAIR ? pair : composed;
        long expected = sumOf(pair);
        long expectedLeaves = visitor.leaves;
        if (expectedLeaves == 0 || sumOf(composed) != expected || visitor.leaves != expectedLeaves) {
            throw new IllegalStateException("the pair class and the composition disagree on the " + tree + " tree");
        }
    }

    private long sumOf(NestedWalker w) {
        visitor.sum = 0;
        visitor.leaves = 0;
        w.walk(image.memory(), guestRoots, hostRoots, 0, X86Info.LOW_LAST, visitor);
        return visitor.sum;
    }

    /** A nested walk of {@code 0 .. 0x7fff_ffff_ffff}: every guest leaf, split over its EPT pages. */
    @Benchmark
    public long walkLowerHalf() {
        return sumOf(walker);
    }
}
