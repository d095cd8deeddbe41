package org.ptdesc.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;

/**
 * Compile time of each shipped descriptor, from the file to loaded walker classes: parse,
 * check, lower ({@code Ptdesc.compile}), then generate, define and instantiate one class per
 * tree. Each operation uses a fresh {@link WalkerLoader}, so no cache answers in place of the
 * code generator, and the classes are unloadable garbage afterwards.
 *
 * <p>The {@code descriptor} values are the top-level files of {@code samples/descriptors} when
 * this was written; {@code -p descriptor=a.ptdesc,b.ptdesc} measures others
 * ({@link SampleDescriptors#names()} lists them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CompileBenchmark {

    @Param({"aarch64_16k.ptdesc", "aarch64_4k.ptdesc", "aarch64_64k.ptdesc", "intel_ept.ptdesc",
        "linus_x86_64.ptdesc", "radix64.ptdesc", "riscv_sv32.ptdesc", "riscv_sv39.ptdesc",
        "riscv_sv48.ptdesc", "riscv_sv57.ptdesc", "x86_32.ptdesc", "x86_64.ptdesc", "x86_64_la57.ptdesc",
        "x86_pae.ptdesc"})
    public String descriptor;

    private Path file;

    /** Finds the file only: in single-shot mode the first measured compile is the JVM's first. */
    @Setup
    public void setUp() {
        file = SampleDescriptors.file(descriptor);
    }

    /** Parse to loaded classes: every tree of the file, instantiated. */
    @Benchmark
    public List<TreeWalker> compileAndLoad() {
        return compileAndLoad(file);
    }

    static List<TreeWalker> compileAndLoad(Path file) {
        Compilation c = Ptdesc.compile(file, Map.of());
        if (c.hasErrors()) {
            throw new IllegalStateException(c.renderDiagnostics());
        }
        WalkerLoader loader = new WalkerLoader(CompileBenchmark.class.getClassLoader());
        List<TreeWalker> walkers = new ArrayList<>();
        for (WalkerIr ir : c.trees()) {
            walkers.add(loader.load(ir));
        }
        return walkers;
    }
}
