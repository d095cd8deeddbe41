package org.ptdesc.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.ptdesc.compiler.encode.EncodingDerivation;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.interp.MapperInterpreter;
import org.ptdesc.compiler.load.MapperLoader;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeMapper;

/**
 * Building x86-64 trees: map 1 GiB in 4 KiB pages (262 144 leaves, 512 page tables allocated),
 * then unmap it (every leaf cleared, every table found empty and freed), one operation per
 * benchmark call, into an empty tree whose tables come from {@link BenchTables}. Engines: the
 * mapper generated from {@code x86_64.ptdesc}, {@link HandWrittenX86Mapper} (the bar), and the
 * reference mapper interpreter; all called through {@link TreeMapper}, each in its own JVM.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MapperBenchmark {

    static final long VA = 0x7f00_0000_0000L;
    static final long PA = 0x1_0000_0000L;
    static final long GIB = 1L << 30;
    static final long ATTRIBUTES = 0x3;   // writable, user

    @Param({"GENERATED", "HAND_WRITTEN", "INTERPRETER"})
    public String engine;

    private TreeMapper mapper;
    private PhysicalMemory memory;
    private BenchTables tables;
    private long[] roots;

    @Setup
    public void setUp() {
        MemorySegment segment = Arena.ofAuto().allocate(8L << 20, 4096);
        memory = PhysicalMemory.of(segment);
        mapper = create(engine, segment);
        tables = new BenchTables(segment, 4096, 2047);
        roots = new long[] {mapper.newRoot(memory, 0, tables)};
        MapOutcome o = mapAndUnmap();
        if (!o.ok() || tables.available() != 2046) {
            throw new IllegalStateException(engine + ": " + o + ", " + tables.available() + " frames left");
        }
    }

    static TreeMapper create(String engine, MemorySegment segment) {
        MapperIr m = EncodingDerivation.derive(Engine.x86Ir(), new Diagnostics()).orElseThrow();
        return switch (engine) {
            case "GENERATED" -> MapperLoader.load(m);
            case "HAND_WRITTEN" -> new HandWrittenX86Mapper(segment, m.tree().info());
            case "INTERPRETER" -> new MapperInterpreter(m);
            default -> throw new IllegalArgumentException(engine);
        };
    }

    /** Map 1 GiB in 4 KiB pages, then unmap it; returns the unmap's outcome. */
    @Benchmark
    public MapOutcome mapAndUnmap() {
        MapOutcome mapped = mapper.map(memory, roots, VA, PA, GIB, ATTRIBUTES, 4096, 0, tables);
        if (!mapped.ok()) {
            return mapped;
        }
        return mapper.unmap(memory, roots, VA, GIB, tables);
    }
}
