package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.NewObjectInstruction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.encode.EncodingDerivation;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.TreeWalker;

/**
 * The generated mappers of every shipped descriptor pass ASM's {@code CheckClassAdapter} with
 * its data-flow verifier and the JDK's {@code ClassFile} verifier, are deterministic, and are
 * specialised: a level's steps call only their own level's helpers and deeper levels' steps,
 * by name (no dispatch over levels), the final {@code PhysicalMemory} for reads and writes, the caller's
 * allocator, and {@code MapOutcome.failed} on failure paths; nothing but the public checks for
 * bad arguments allocates.
 */
class MapperBytecodeTest {

    static List<MapperIr> shipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("../samples/descriptors"))) {
            return files.filter(p -> p.toString().endsWith(".ptdesc")).sorted()
                    .flatMap(p -> Ptdesc.compile(p, Map.of()).trees().stream())
                    .map(ir -> EncodingDerivation.derive(ir, new Diagnostics()).orElseThrow()).toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> verifiedDeterministicAndSpecialised() throws IOException {
        return shipped().stream().map(m -> DynamicTest.dynamicTest(m.tree().name(), () -> {
            WalkerIr ir = m.tree();
            String name = MapperGenerator.defaultClassName(ir);
            byte[] bytes = MapperGenerator.generate(m, name);
            assertArrayEquals(bytes, MapperGenerator.generate(m, name), "deterministic");
            StringWriter out = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), TreeWalker.class.getClassLoader(), false, new PrintWriter(out));
            assertEquals("", out.toString());
            assertEquals(List.of(), ClassFile.of().verify(bytes));
            ClassModel model = ClassFile.of().parse(bytes);
            String owner = name.replace('.', '/');
            for (MethodModel method : model.methods()) {
                String mname = method.methodName().stringValue();
                boolean step = mname.contains("$");
                method.code().ifPresent(code -> code.forEach(e -> {
                    if (e instanceof InvokeInstruction call && step) {
                        String target = call.owner().asInternalName();
                        String what = mname + " calls " + target + "." + call.name().stringValue();
                        switch (call.opcode()) {
                            case INVOKESTATIC -> assertTrue(target.equals(owner)
                                    || target.equals("org/ptdesc/runtime/MapOutcome") && call.name().stringValue().equals("failed"), what);
                            case INVOKEVIRTUAL -> assertEquals("org/ptdesc/runtime/PhysicalMemory", target, what);
                            case INVOKEINTERFACE -> assertEquals("org/ptdesc/runtime/TableAllocator", target, what);
                            default -> throw new AssertionError(what);
                        }
                        if (call.opcode() == Opcode.INVOKESTATIC && target.equals(owner)) {
                            String callee = call.name().stringValue();
                            int level = Integer.parseInt(mname.substring(mname.indexOf('$') + 1));
                            int calleeLevel = Integer.parseInt(callee.substring(callee.indexOf('$') + 1));
                            assertTrue(calleeLevel >= level, what + ": only this level's helpers and deeper levels'");
                        }
                    }
                    if (e instanceof NewObjectInstruction n && step) {
                        throw new AssertionError(mname + " allocates " + n.className().asInternalName());
                    }
                }));
            }
        }));
    }
}
