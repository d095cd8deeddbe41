package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The readable listing of each sample's generated class (ASM's {@code Textifier}) is kept as a
 * golden file, {@code src/test/resources/codegen/NAME.listing}, so that every change to the
 * generator shows up as a reviewable diff. To accept a change, regenerate with
 * {@code mvn -pl compiler -am test -Dtest=ListingTest -Dptdesc.codegen.regenerate=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, then read the diff before committing it.
 */
class ListingTest {

    static final String REGENERATE = "ptdesc.codegen.regenerate";

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

    @ParameterizedTest
    @MethodSource("samples")
    void listingMatchesGoldenFile(String name, WalkerIr ir) throws IOException {
        String actual = listing(ir);
        if (Boolean.getBoolean(REGENERATE)) {
            Path file = Path.of("src/test/resources/codegen", name + ".listing");
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            assertEquals(actual, Files.readString(file, StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = ListingTest.class.getResourceAsStream("/codegen/" + name + ".listing")) {
            assertNotNull(in, "no golden listing for " + name + "; run with -D" + REGENERATE + "=true");
            String expected = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(expected, actual, "generated code for " + name + " changed; if intended, regenerate with -D"
                    + REGENERATE + "=true and review the diff");
        }
    }
}
