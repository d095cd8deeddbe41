package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * Every tree of every shipped descriptor ({@code samples/descriptors}), compiled by the front
 * end, gives a walker class that verifies, keeps translate straight-line and call-free, and
 * agrees with the interpreter on random memory whose words are masked so that table pointers
 * land inside the image often enough to reach the lower levels.
 */
class SampleDescriptorsCodegenTest {

    static final Path SAMPLES = Path.of("../samples/descriptors");

    static Stream<Arguments> trees() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(SAMPLES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ptdesc")).sorted().toList()) {
                Compilation c = Ptdesc.compile(file, Map.of());
                assertFalse(c.hasErrors(), c.renderDiagnostics());
                for (WalkerIr ir : c.trees()) {
                    out.add(Arguments.of(ir.name(), ir));
                }
            }
        }
        assertTrue(out.size() >= 7, "the samples hold at least 7 trees, found " + out.size());
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void generatedClassVerifies(String name, WalkerIr ir) {
        byte[] bytes = WalkerGenerator.generate(ir, WalkerGenerator.defaultClassName(ir));
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), TreeWalker.class.getClassLoader(), false, new PrintWriter(out));
        assertEquals("", out.toString());
        assertEquals(List.of(), ClassFile.of().verify(bytes));
        assertArrayEquals(bytes, WalkerGenerator.generate(ir, WalkerGenerator.defaultClassName(ir)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void translateIsStraightLineAndSmall(String name, WalkerIr ir) {
        BytecodeShapeTest.assertTranslateIsStraightLine(ir);
        BytecodeShapeTest.assertWalkIsAllocationFree(ir);
        byte[] bytes = WalkerGenerator.generate(ir, "t.Size");
        int size = BytecodeShapeTest.codeLength(bytes, "translate",
                ir.roots().size() == 1 ? "(Lorg/ptdesc/runtime/PhysicalMemory;JJ)J" : "(Lorg/ptdesc/runtime/PhysicalMemory;[JJ)J");
        int checked = BytecodeShapeTest.codeLength(bytes, "translate", ir.roots().size() == 1
                ? "(Lorg/ptdesc/runtime/PhysicalMemory;JJIJ)J" : "(Lorg/ptdesc/runtime/PhysicalMemory;[JJIJ)J");
        System.out.println(name + " translate: " + size + " bytes of bytecode, " + checked + " with an access");
        if (name.equals("x86_64")) {
            assertTrue(size < BytecodeShapeTest.FREQ_INLINE_SIZE, "x86_64 translate is " + size + " bytes");
            // Not asserted: the access-checked translate (walk, attribute word and eight inlined rules)
            // is larger than C2's inlining limit; bench/RESULTS.md measures what that costs.
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void agreesWithTheInterpreter(String name, WalkerIr ir) {
        TreeWalker generated = new WalkerLoader(TreeWalker.class.getClassLoader()).load(ir);
        TreeWalker interpreter = new Interpreter(ir);
        assertEquals(interpreter.info(), generated.info());
        Random random = new Random(name.hashCode());
        int size = 1 << 22;
        java.util.Map<Object, Integer> outcomes = new java.util.TreeMap<>();
        for (int image = 0; image < 4; image++) {
            PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(size));
            // Words keep their low 22 bits (addresses inside the 4 MiB image, flags) and the top bit.
            long mask = ir.entryBytes() == 8 ? 0x8000_0000_003f_ffffL : 0x003f_ffffL;
            for (long pa = 0; pa < size; pa += ir.entryBytes()) {
                long word = random.nextLong() & mask & (random.nextInt(3) == 0 ? 0 : -1L);
                if (ir.entryBytes() == 8) {
                    mem.writeLong(pa, word, ir.bigEndian());
                } else {
                    mem.writeInt(pa, (int) word, ir.bigEndian());
                }
            }
            long[] roots = new long[ir.roots().size()];
            for (int r = 0; r < roots.length; r++) {
                roots[r] = random.nextInt(size) & ~0xfffL;
            }
            for (int i = 0; i < 10_000; i++) {
                long va = random.nextInt(4) == 0 ? random.nextLong() : inRange(ir, random);
                long v = va;
                var expected = interpreter.translateDetailed(mem, roots, va);
                assertEquals(expected, generated.translateDetailed(mem, roots, va), () -> name + " va 0x" + Long.toHexString(v));
                outcomes.merge(expected.failure() + "@" + expected.level(), 1, Integer::sum);
                assertEquals(interpreter.translate(mem, roots, va), generated.translate(mem, roots, va));
            }
            for (int w = 0; w < 4; w++) {
                long first = w == 0 ? 0 : inRange(ir, random);
                long last = w == 0 ? -1L : first + (random.nextLong() >>> (20 + random.nextInt(44)));
                if (Long.compareUnsigned(last, first) < 0) {
                    last = -1L;
                }
                EventLog expected = new EventLog(20_000, 0);
                interpreter.walk(mem, roots, first, last, expected);
                EventLog actual = new EventLog(20_000, 0);
                generated.walk(mem, roots, first, last, actual);
                assertEquals(expected.events, actual.events);
            }
        }
        System.out.println(name + " outcomes " + outcomes);
    }

    static long inRange(WalkerIr ir, Random random) {
        WalkerIr.AddressRange r = ir.ranges().get(random.nextInt(ir.ranges().size()));
        long span = r.last() - r.first();
        return r.first() + (span == -1L ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), span + 1));
    }

    @Test
    void stackTraceThroughTheRealDescriptor() {
        WalkerIr ir = Ptdesc.compile(SAMPLES.resolve("x86_64.ptdesc"), Map.of()).tree("x86_64").orElseThrow();
        TreeWalker walker = new WalkerLoader(TreeWalker.class.getClassLoader()).load(ir);
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10000));
        mem.writeLong(0x1000, 0x2000 | 7, false);
        mem.writeLong(0x2000, 0x3000 | 7, false);
        mem.writeLong(0x3000, 0x4000 | 7, false);
        mem.writeLong(0x4000, 0x9000 | 7, false);
        RuntimeException thrown = assertThrows(RuntimeException.class, () -> walker.walk(mem, 0x1000, 0, 0xfff,
                (va, pa, size, level, entry, attributes) -> {
                    throw new RuntimeException("from the visitor");
                }));
        StackTraceElement top = java.util.Arrays.stream(thrown.getStackTrace())
                .filter(f -> "x86_64.ptdesc".equals(f.getFileName())).findFirst().orElseThrow();
        // The line of the PT level's leaf rule in the descriptor.
        int leafLine = ir.levels().getLast().rules().getLast().line();
        assertEquals(leafLine, top.getLineNumber());
        assertTrue(leafLine > 0);
    }
}
