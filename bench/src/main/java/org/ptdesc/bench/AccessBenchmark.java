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
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * What an access check costs: the generated x86-64 walker's plain {@code translate} beside the
 * access-checked one, on the trees of {@link WalkerBenchmark} (every page user-accessible, one
 * in seven read-only, one in three XD), with the modes at their defaults. A user read passes
 * every rule, so all eight are evaluated; a user write is denied for the read-only pages.
 * Same random mapped addresses, same call shape through {@link TreeWalker}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AccessBenchmark {

    private static final int ADDRESSES = 1 << 14;

    @Param({"small", "large"})
    public String tree;

    private TreeWalker walker;
    private PhysicalMemory memory;
    private long cr3;
    private long modes;
    private long[] addresses;
    private int next;

    @Setup
    public void setUp() {
        X86TreeImage image = X86TreeImage.named(tree);
        walker = Engine.GENERATED.create(image.segment());
        memory = image.memory();
        cr3 = image.cr3();
        modes = walker.info().defaultModes();
        addresses = image.randomMappedAddresses(ADDRESSES, 0x5eed);
        long plain = walker.translate(memory, cr3, addresses[0]);
        if (plain == TreeWalker.NO_MAPPING
                || walker.translate(memory, cr3, addresses[0], Access.READ | Access.USER, modes) != plain) {
            throw new IllegalStateException("a user read of a mapped user page must reach its plain translation");
        }
    }

    private long nextAddress() {
        long va = addresses[next];
        next = (next + 1) & (ADDRESSES - 1);
        return va;
    }

    /** The plain translate, as in {@link WalkerBenchmark#translate}. */
    @Benchmark
    public long plain() {
        return walker.translate(memory, cr3, nextAddress());
    }

    /** A user read: allowed everywhere in these trees, after every rule is tried. */
    @Benchmark
    public long userRead() {
        return walker.translate(memory, cr3, nextAddress(), Access.READ | Access.USER, modes);
    }

    /** A user write: denied on the read-only pages (one in seven), allowed elsewhere. */
    @Benchmark
    public long userWrite() {
        return walker.translate(memory, cr3, nextAddress(), Access.WRITE | Access.USER, modes);
    }
}
