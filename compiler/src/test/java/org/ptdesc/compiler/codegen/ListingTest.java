package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.GoldenFile;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The readable listing of each sample's generated class (ASM's {@code Textifier}) is kept as a
 * golden file, {@code src/test/resources/codegen/NAME.listing}, so that every change to the
 * generator shows up as a reviewable diff. The test only compares: a missing or different file
 * fails; {@link org.ptdesc.compiler.RegenerateGoldenFiles} is the one way to rewrite them.
 */
public class ListingTest {

    static Stream<Arguments> samples() {
        return Stream.of(Arguments.of("x86_64", IrFixtures.x86_64()), Arguments.of("linus_x86_64", IrFixtures.linus()),
                Arguments.of("aarch64_4k", aarch64()), Arguments.of("riscv_sv39", riscvSv39()));
    }

    /** A translate with fast accepts and its out-of-line twin: every rule inline would be too big for the JIT. */
    static WalkerIr riscvSv39() {
        Compilation c = Ptdesc.compile(Path.of("../samples/descriptors/riscv_sv39.ptdesc"), Map.of());
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        return c.tree("riscv_sv39").orElseThrow();
    }

    /** One listing per sample. */
    public static List<GoldenFile> goldenFiles() {
        return samples().map(a -> new GoldenFile(Path.of("src/test/resources/codegen", a.get()[0] + ".listing"),
                () -> listing((WalkerIr) a.get()[1]))).toList();
    }

    /** Two roots in windows above the 48 address bits, and a tag: the shapes the x86 trees lack. */
    static WalkerIr aarch64() {
        Compilation c = Ptdesc.compile(Path.of("../samples/descriptors/aarch64_4k.ptdesc"), Map.of());
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        return c.tree("aarch64_4k").orElseThrow();
    }

    static String listing(WalkerIr ir) {
        StringWriter out = new StringWriter();
        new ClassReader(WalkerGenerator.generate(ir, WalkerGenerator.defaultClassName(ir)))
                .accept(new TraceClassVisitor(new PrintWriter(out)), 0);
        return out.toString();
    }

    static List<GoldenFile> cases() {
        return goldenFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void listingMatchesGoldenFile(GoldenFile golden) {
        golden.assertMatches();
    }
}
