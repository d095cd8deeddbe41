package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;

/**
 * Every generated class passes the checks in layers: ASM's {@link CheckClassAdapter} while it
 * is emitted, ASM's data-flow verifier on the bytes, the JDK's class-file verifier, and then
 * the JVM itself when the class is defined and run; and the same IR always gives the same bytes.
 */
class VerificationTest {

    static Stream<WalkerIr> fixtures() {
        return Stream.concat(Stream.of(IrFixtures.x86_64(), IrFixtures.linus()), RandomIrs.sample(40, 7L).stream());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void checkClassAdapterAcceptsTheEmission(WalkerIr ir) {
        StableClassWriter writer = new StableClassWriter();
        // Structural checks as each instruction is emitted (data flow is checked on the bytes below).
        WalkerGenerator.emit(ir, "t.Checked", new CheckClassAdapter(writer, false));
        assertTrue(writer.toByteArray().length > 0);
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void asmDataFlowVerifierFindsNothing(WalkerIr ir) {
        byte[] bytes = WalkerGenerator.generate(ir, "t.Verified");
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), TreeWalker.class.getClassLoader(), false, new PrintWriter(out));
        assertEquals("", out.toString());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void jdkVerifierFindsNothing(WalkerIr ir) {
        byte[] bytes = WalkerGenerator.generate(ir, "t.Verified");
        assertEquals(java.util.List.of(), ClassFile.of().verify(bytes));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void definesRunsAndDescribesItsTree(WalkerIr ir) {
        TreeWalker walker = new WalkerLoader(TreeWalker.class.getClassLoader()).load(ir);
        assertEquals(ir.info(), walker.info());
        assertEquals(WalkerGenerator.CLASS_VERSION, new ClassReader(WalkerGenerator.generate(ir, "t.V")).readShort(6));
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void sameIrGivesIdenticalBytes(WalkerIr ir) {
        byte[] first = WalkerGenerator.generate(ir, "t.Same");
        // A structurally equal copy, not the same object: determinism must not hinge on identity.
        WalkerIr copy = new WalkerIr(ir.name(), ir.doc(), ir.sourceFile(), ir.line(), ir.addressBits(), ir.signExtended(),
                ir.ranges(), ir.roots(), ir.entryBytes(), ir.bigEndian(), ir.levels(), ir.attributes(), ir.attributeInit(), ir.tagLow());
        assertArrayEquals(first, WalkerGenerator.generate(copy, "t.Same"));
    }
}
