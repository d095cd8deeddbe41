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
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * Every tree of every shipped descriptor ({@code samples/descriptors}), compiled by the front
 * end, gives a walker class that verifies, keeps translate straight-line, call-free and within
 * C2's inlining budget, and agrees with the interpreter on random memory built so that walks
 * reach every level ({@link ReachableImage}); each tree must show, in the translations compared,
 * a table entry followed at every level that has a table rule and a leaf at every level that has
 * a leaf rule, so the comparison cannot silently check only the root.
 */
class SampleDescriptorsCodegenTest {

    static final Path SAMPLES = Path.of("../samples/descriptors");

    static Stream<Arguments> trees() throws IOException {
        return treesList().stream();
    }

    /** Every tree of every shipped descriptor, as (name, IR). */
    static List<Arguments> treesList() throws IOException {
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
        return out;
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
        int array = BytecodeShapeTest.codeLength(bytes, "translate", "(Lorg/ptdesc/runtime/PhysicalMemory;[JJ)J");
        int checked = BytecodeShapeTest.codeLength(bytes, "translate", ir.roots().size() == 1
                ? "(Lorg/ptdesc/runtime/PhysicalMemory;JJIJ)J" : "(Lorg/ptdesc/runtime/PhysicalMemory;[JJIJ)J");
        AccessGate gate = new AccessGate(ir, null);
        int gateSize = ir.permissions().isEmpty() ? 0
                : BytecodeShapeTest.codeLength(bytes, AccessTranslateEmitter.CHECKED_ADDRESS, AccessTranslateEmitter.CHECKED_ADDRESS_DESCRIPTOR);
        System.out.println(name + " translate: " + size + " bytes of bytecode (long[] roots: " + array + "), "
                + checked + " with an access; check " + gateSize + (gate.hasFastTest() ? " (fast test)" : "")
                + (gate.raw() != null ? ", raw attributes" : gate.readsAttributes() ? ", packed attributes" : "")
                + (RequiredBits.plan(ir, gate).isPresent() ? ", rules folded into the present test" : "")
                + describe(ir));
        if (name.equals("x86_64")) {
            // R/W, U/S and XD are one bit each at one position in every entry: the walk ORs raw
            // entries, and the check (a fast test of the rules' bit tests) inlines as well.
            assertTrue(gate.raw() != null, "x86_64 keeps raw attributes");
            assertTrue(gate.hasFastTest(), "x86_64's protection-key rules are left to the exact check");
            // U/S, R/W (C && !bit) and XD (C && bit) fold into each level's present test; the
            // other five rules remain for the fast walk's leaf test.
            RequiredBits fold = RequiredBits.plan(ir, gate).orElseThrow();
            for (int i = 0; i < ir.permissions().size(); i++) {
                assertEquals(i < 4, fold.folds(i), "x86_64 rule " + i + " folded");
            }
            for (int l = 0; l < ir.levels().size(); l++) {
                assertTrue(fold.presentFolded(l), "x86_64 level " + l + " folds its present test");
            }
            assertEquals(1L, fold.presentMask());
            // The fast walk's callees inline too (C2 judges each callee against the budget on its own).
            for (String callee : List.of(AccessTranslateEmitter.REQUIRED_BITS, AccessTranslateEmitter.TESTED_BITS,
                    AccessTranslateEmitter.REMAINING_RULES_ALLOW)) {
                int calleeSize = BytecodeShapeTest.codeLength(bytes, callee, callee.equals(AccessTranslateEmitter.REMAINING_RULES_ALLOW)
                        ? AccessTranslateEmitter.REMAINING_DESCRIPTOR : AccessTranslateEmitter.BITS_DESCRIPTOR);
                System.out.println("x86_64 " + callee + ": " + calleeSize + " bytes");
                assertTrue(calleeSize > 0 && calleeSize <= BytecodeShapeTest.FREQ_INLINE_SIZE, callee + " is " + calleeSize + " bytes");
            }
            assertTrue(gateSize <= BytecodeShapeTest.FREQ_INLINE_SIZE, "x86_64 checkedAddress is " + gateSize
                    + " bytes, over the inlining budget of " + BytecodeShapeTest.FREQ_INLINE_SIZE);
        }
        // The budget for every shipped tree and every plain overload: C2 inlines a hot callee of at
        // most FreqInlineSize (325) bytes of bytecode (HotSpot's InlineTree::should_inline rejects
        // code_size() > FreqInlineSize as "hot method too big"), so translate can inline into its
        // caller. The access-checked overloads (the walk, the attribute word, and a tail call of the
        // out-of-line permission rules) are held to it for x86_64, the tree bench/RESULTS.md
        // measures; other trees' access-checked walks may be larger.
        for (var m : ClassFile.of().parse(bytes).methods()) {
            boolean accessChecked = m.methodType().stringValue().endsWith("IJ)J");
            if (m.methodName().equalsString("translate") && (!accessChecked || name.equals("x86_64"))) {
                int s = m.findAttribute(java.lang.classfile.Attributes.code()).orElseThrow().codeLength();
                assertTrue(s <= BytecodeShapeTest.FREQ_INLINE_SIZE, name + " translate" + m.methodType().stringValue() + " is "
                        + s + " bytes, over the inlining budget of " + BytecodeShapeTest.FREQ_INLINE_SIZE);
            }
        }
        BytecodeShapeTest.assertTranslateIsStraightLine(ir, 0);
    }

    /** The fast accepts the planner chose, per level, for the log. */
    static String describe(WalkerIr ir) {
        TranslatePlan plan = TranslatePlanner.plan(ir, "t/Size", TranslatePlanner.FREQ_INLINE_SIZE);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ir.levels().size(); i++) {
            if (plan.outOfLine(i)) {
                sb.append("\n  ").append(ir.levels().get(i).name()).append(':');
                for (TranslatePlan.FastRule f : plan.fast().get(i)) {
                    var r = f.region();
                    sb.append(" rule ").append(f.rule()).append(" (entry & 0x").append(Long.toHexString(r.mask()))
                            .append(") == 0x").append(Long.toHexString(r.value()));
                    if (r.hasInterval()) {
                        sb.append(" in 0x").append(Long.toHexString(r.low())).append("..0x").append(Long.toHexString(r.high()));
                    }
                    sb.append(';');
                }
            }
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trees")
    void agreesWithTheInterpreter(String name, WalkerIr ir) {
        TreeWalker generated = new WalkerLoader(TreeWalker.class.getClassLoader()).load(ir);
        TreeWalker interpreter = new Interpreter(ir);
        assertEquals(interpreter.info(), generated.info());
        Random random = new Random(name.hashCode());
        java.util.Map<Object, Integer> outcomes = new java.util.TreeMap<>();
        int levels = ir.levels().size();
        boolean[] tableSeen = new boolean[levels];
        boolean[] leafSeen = new boolean[levels];
        for (int image = 0; image < 4; image++) {
            ReachableImage reachable = ReachableImage.build(ir, random)
                    .orElseThrow(() -> new AssertionError(name + ": no root register value gives a table in the image"));
            PhysicalMemory mem = reachable.memory;
            long[] roots = reachable.roots;
            for (int i = 0; i < 10_000; i++) {
                long va = random.nextInt(4) == 0 ? random.nextLong() : inRange(ir, random);
                long v = va;
                var expected = interpreter.translateDetailed(mem, roots, va);
                assertEquals(expected, generated.translateDetailed(mem, roots, va), () -> name + " va 0x" + Long.toHexString(v));
                outcomes.merge(expected.failure() + "@" + expected.level(), 1, Integer::sum);
                if (expected.failure() != Failure.OUT_OF_RANGE) {
                    // Reaching level L (mapped, a hole, a fault or a table outside memory there)
                    // means a table entry was followed at every level above it.
                    for (int l = 0; l < expected.level(); l++) {
                        tableSeen[l] = true;
                    }
                }
                if (expected.mapped()) {
                    leafSeen[expected.level()] = true;
                }
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
        for (int l = 0; l < levels; l++) {
            List<Rule> rules = ir.levels().get(l).rules();
            if (l + 1 < levels && rules.stream().anyMatch(r -> r instanceof Rule.Table)) {
                assertTrue(tableSeen[l], name + ": no translation followed a table entry at level " + l + ": " + outcomes);
            }
            if (rules.stream().anyMatch(r -> r instanceof Rule.Leaf)) {
                assertTrue(leafSeen[l], name + ": no translation ended in a leaf at level " + l + ": " + outcomes);
            }
        }
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
