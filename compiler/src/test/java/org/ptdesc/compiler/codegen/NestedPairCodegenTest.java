package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;
import static org.objectweb.asm.Opcodes.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.NestedWalker;

/**
 * The pair classes of the four shipped nested pairs verify (ASM's {@code CheckClassAdapter} and
 * the JDK's class-file verifier), are the same bytes every time, and keep the nested translate
 * one method with no loop, no allocation and no call but the memory reads, small enough for
 * the JIT to compile (HotSpot skips methods over 8000 bytes of bytecode).
 */
class NestedPairCodegenTest {

    /** HotSpot's HugeMethodLimit: larger methods stay interpreted. */
    static final int HUGE_METHOD_LIMIT = 8000;

    static Stream<Arguments> pairs() {
        return Stream.of(pair("x86_64", "intel_ept"), pair("x86_64", "amd_npt"), pair("aarch64_4k", "aarch64_s2_4k"),
                pair("riscv_sv39", "riscv_sv39x4"));
    }

    private static Arguments pair(String guest, String host) {
        return Arguments.of(guest + " over " + host, ir(guest), ir(host));
    }

    static WalkerIr ir(String name) {
        Compilation c = Ptdesc.compile(SampleDescriptorsCodegenTest.SAMPLES.resolve(name + ".ptdesc"), Map.of());
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        return c.tree(name).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void pairClassVerifiesAndIsDeterministic(String name, WalkerIr guest, WalkerIr host) {
        String className = NestedWalkerGenerator.defaultClassName(guest, host);
        byte[] bytes = NestedWalkerGenerator.generate(guest, host, className);
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), NestedWalker.class.getClassLoader(), false, new PrintWriter(out));
        assertEquals("", out.toString());
        assertEquals(List.of(), ClassFile.of().verify(bytes));
        assertArrayEquals(bytes, NestedWalkerGenerator.generate(guest, host, className));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void translateIsOneStraightMethodThatOnlyReads(String name, WalkerIr guest, WalkerIr host) {
        byte[] bytes = NestedWalkerGenerator.generate(guest, host, "t.Pair");
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        // The plain forms: no access argument.
        List<MethodNode> translates = BytecodeShapeTest.methods(node, "translate").stream()
                .filter(m -> !m.desc.contains("I")).toList();
        assertEquals(guest.roots().size() == 1 && host.roots().size() == 1 ? 2 : 1, translates.size());
        int reads = 0;
        for (MethodNode m : translates) {
            assertEquals(0, BytecodeShapeTest.backwardJumps(m), m.desc + " loops");
            assertEquals(List.of(), BytecodeShapeTest.allocations(m));
            for (MethodInsnNode call : BytecodeShapeTest.calls(m)) {
                boolean rootCountError = call.getOpcode() == INVOKESTATIC && call.name.endsWith("RootCountError");
                assertTrue(BytecodeShapeTest.isRead(call) || rootCountError, m.desc + " calls " + call.owner + "." + call.name);
                reads += BytecodeShapeTest.isRead(call) ? 1 : 0;
            }
            int size = BytecodeShapeTest.codeLength(bytes, "translate", m.desc);
            System.out.println(name + " nested translate" + m.desc + ": " + size + " bytes of bytecode");
            assertTrue(size < HUGE_METHOD_LIMIT, name + " nested translate is " + size + " bytes");
        }
        // Stage 2 inlined at each guest level and at the end: (guest levels + 1) copies of its reads.
        int expected = (guest.levels().size() + 1) * host.levels().size() + guest.levels().size();
        assertEquals(expected * translates.size(), reads);
    }

    /**
     * The specialised walk: a method per guest level whose only loop is over the table's entries
     * and which allocates nothing (a stage 2 failure's Translation comes from a static factory),
     * and a public walk whose only allocations are its fault run and page split.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void walkAllocatesOnlyItsFaultRunAndPageSplit(String name, WalkerIr guest, WalkerIr host) {
        byte[] bytes = NestedWalkerGenerator.generate(guest, host, "t.Pair");
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        List<MethodNode> walk = BytecodeShapeTest.methods(node, "walk");
        assertEquals(1, walk.size());
        assertEquals(List.of("walk" + walk.get(0).desc + ": new org/ptdesc/runtime/NestedFaultRun",
                "walk" + walk.get(0).desc + ": new org/ptdesc/runtime/GuestPageSplit"),
                BytecodeShapeTest.allocations(walk.get(0)));
        List<MethodNode> levels = node.methods.stream().filter(m -> m.name.startsWith("guestWalk")).toList();
        assertEquals(guest.levels().size(), levels.size());
        for (MethodNode m : levels) {
            assertEquals(List.of(), BytecodeShapeTest.allocations(m));
            assertEquals(1, BytecodeShapeTest.backwardJumps(m), m.name + ": one loop, over the entries");
            int size = BytecodeShapeTest.codeLength(bytes, m.name, m.desc);
            System.out.println(name + " nested walk level " + m.name + ": " + size + " bytes of bytecode");
            assertTrue(size < HUGE_METHOD_LIMIT, m.name + " is " + size + " bytes");
        }
    }

    /**
     * The access-checked translate is the same straight line: no loop, no allocation, and no call
     * but the memory reads, the access's validation, the root-count errors and the class's own
     * private static rule and attribute-step methods; the same reads as the plain form.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void checkedTranslateIsOneStraightMethodThatOnlyReads(String name, WalkerIr guest, WalkerIr host) {
        byte[] bytes = NestedWalkerGenerator.generate(guest, host, "t.Pair");
        ClassNode node = new ClassNode();
        new ClassReader(bytes).accept(node, 0);
        List<MethodNode> checked = BytecodeShapeTest.methods(node, "translate").stream()
                .filter(m -> m.desc.contains("I")).toList();
        assertEquals(guest.roots().size() == 1 && host.roots().size() == 1 ? 2 : 1, checked.size());
        int reads = 0;
        for (MethodNode m : checked) {
            assertEquals(0, BytecodeShapeTest.backwardJumps(m), m.desc + " loops");
            assertEquals(List.of(), BytecodeShapeTest.allocations(m));
            for (MethodInsnNode call : BytecodeShapeTest.calls(m)) {
                boolean own = call.getOpcode() == INVOKESTATIC && call.owner.equals("t/Pair")
                        && (call.name.endsWith("RootCountError") || call.name.endsWith("CheckedAddress")
                                || call.name.startsWith(AttributeSteps.PREFIX));
                boolean require = call.owner.equals("org/ptdesc/runtime/Access") && call.name.equals("require");
                assertTrue(BytecodeShapeTest.isRead(call) || own || require, m.desc + " calls " + call.owner + "." + call.name);
                reads += BytecodeShapeTest.isRead(call) ? 1 : 0;
            }
            int size = BytecodeShapeTest.codeLength(bytes, "translate", m.desc);
            System.out.println(name + " checked nested translate" + m.desc + ": " + size + " bytes of bytecode");
            assertTrue(size < HUGE_METHOD_LIMIT, name + " checked nested translate is " + size + " bytes");
        }
        int expected = (guest.levels().size() + 1) * host.levels().size() + guest.levels().size();
        assertEquals(expected * checked.size(), reads);
        // Both stages' rule methods exist: every shipped pair has rules on both sides.
        assertTrue(node.methods.stream().anyMatch(m -> m.name.equals(NestedAccessTranslateEmitter.GUEST_RULES)));
        assertTrue(node.methods.stream().anyMatch(m -> m.name.equals(NestedAccessTranslateEmitter.HOST_RULES)));
    }
}
