package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.maven.staleness.Sha256;

/** The adapter over the real compiler, on the shipped x86-64 descriptor and a broken copy of it. */
class PtdescCompilerTest {

    /** The repository's shipped descriptors, passed in by the build (surefire's configuration). */
    private static final Path SAMPLES = Path.of(System.getProperty("ptdesc.samples", "../samples/descriptors"));

    @TempDir
    Path dir;

    private final PtdescCompiler compiler = new PtdescCompiler();

    @Test
    void shippedDescriptorCompilesToOneWalkerPerTreeInTheRequestedPackage() {
        CompiledDescriptor result = compiler.compile(SAMPLES.resolve("x86_64.ptdesc"), Map.of(), Set.of(), "com.example.mmu");

        assertEquals(0, result.errorCount(), result.messages().toString());
        assertEquals(List.of("x86_64"), result.walkers().stream().map(WalkerClass::tree).toList());
        assertTrue(result.walkers().getFirst().className().startsWith("com.example.mmu."));
        assertTrue(result.inputs().keySet().stream().anyMatch(p -> p.endsWith("x86_64.ptdesc")), result.inputs().toString());
    }

    @Test
    void versionStartsWithTheCompilersStampAndIsStable() {
        String version = compiler.version();

        assertTrue(version.startsWith(org.ptdesc.compiler.Ptdesc.VERSION), version);
        assertEquals(version, new PtdescCompiler().version());
    }

    @Test
    void sameInputGivesByteIdenticalClasses() {
        Path file = SAMPLES.resolve("x86_64.ptdesc");

        byte[] first = compiler.compile(file, Map.of("MAXPHYADDR", 46L), Set.of(), "p").walkers().getFirst().bytes();
        byte[] second = compiler.compile(file, Map.of("MAXPHYADDR", 46L), Set.of(), "p").walkers().getFirst().bytes();

        assertArrayEquals(first, second);
    }

    @Test
    void sameDescriptorInAnotherCheckoutGivesByteIdenticalClasses() throws IOException {
        // Reproducible builds: the machine's directory layout must not leak into the classes.
        Path a = Files.createDirectories(dir.resolve("a/src/main/ptdesc")).resolve("x86_64.ptdesc");
        Path b = Files.createDirectories(dir.resolve("elsewhere/b/src/main/ptdesc")).resolve("x86_64.ptdesc");
        Files.copy(SAMPLES.resolve("x86_64.ptdesc"), a);
        Files.copy(SAMPLES.resolve("x86_64.ptdesc"), b);

        assertArrayEquals(compiler.compile(a, Map.of(), Set.of(), "p").walkers().getFirst().bytes(),
                compiler.compile(b, Map.of(), Set.of(), "p").walkers().getFirst().bytes());
    }

    @Test
    void errorsAreLocatedAndYieldNoClasses() throws IOException {
        Path broken = dir.resolve("broken.ptdesc");
        Files.writeString(broken, Files.readString(SAMPLES.resolve("linus_x86_64.ptdesc"))
                .replace("invalid when entry == 0;", "invalid when UNDECLARED == 0;"));

        CompiledDescriptor result = compiler.compile(broken, Map.of(), Set.of(), "p");

        assertTrue(result.errorCount() > 0);
        assertTrue(result.walkers().isEmpty());
        Message first = result.messages().getFirst();
        assertEquals(Message.Severity.ERROR, first.severity());
        assertTrue(first.rendered().matches("(?s).*broken\\.ptdesc:\\d+:\\d+: error: .*"), first.rendered());
        assertFalse(first.rendered().isBlank());
    }

    @Test
    void offeredOverridesTheDescriptorDoesNotDeclareAreLeftOutAndReportedByName() {
        // x86_64.ptdesc declares MAXPHYADDR (its "param MAXPHYADDR = 52"), and no LEVELS.
        Path file = SAMPLES.resolve("x86_64.ptdesc");
        CompiledDescriptor result = compiler.compile(file, Map.of("MAXPHYADDR", 46L, "LEVELS", 5L), Set.of(), "p");

        assertEquals(List.of("LEVELS"), List.copyOf(result.undeclaredParameters()));
        assertEquals(0, result.errorCount(), result.messages().toString());
        assertArrayEquals(compiler.compile(file, Map.of("MAXPHYADDR", 46L), Set.of(), "p").walkers().getFirst().bytes(),
                result.walkers().getFirst().bytes(), "compiled with MAXPHYADDR=46 alone");
        assertFalse(java.util.Arrays.equals(compiler.compile(file, Map.of(), Set.of(), "p").walkers().getFirst().bytes(),
                result.walkers().getFirst().bytes()), "MAXPHYADDR=46 was applied");
    }

    @Test
    void aRequiredOverrideTheDescriptorDoesNotDeclareIsTheCompilersError() {
        CompiledDescriptor result = compiler.compile(SAMPLES.resolve("x86_64.ptdesc"),
                Map.of("MAXPHYADDR", 46L, "LEVELS", 5L), Set.of("LEVELS"), "p");

        assertEquals(List.of(), List.copyOf(result.undeclaredParameters()));
        assertEquals(1, result.errorCount(), result.messages().toString());
        assertTrue(result.messages().getFirst().rendered().contains("'LEVELS'"), result.messages().toString());
        assertTrue(result.messages().getFirst().rendered().contains("[P203]"), result.messages().toString());
        assertTrue(result.walkers().isEmpty());
    }

    @Test
    void anOverrideDeclaredOnlyInAnIncludeApplies() throws IOException {
        Files.writeString(dir.resolve("common.ptdesc"), "param SHIFT = 12;\n");
        Path main = dir.resolve("main.ptdesc");
        Files.writeString(main, "include \"common.ptdesc\";\n" + Files.readString(SAMPLES.resolve("linus_x86_64.ptdesc")));

        CompiledDescriptor result = compiler.compile(main, Map.of("SHIFT", 13L, "OTHER", 1L), Set.of(), "p");

        assertEquals(0, result.errorCount(), result.messages().toString());
        assertEquals(List.of("OTHER"), List.copyOf(result.undeclaredParameters()));
    }

    @Test
    void inputsAreRecordedWithTheDigestsOfTheBytesCompiled() throws IOException {
        Files.writeString(dir.resolve("common.ptdesc"), "param SHIFT = 12;\n");
        Path main = dir.resolve("main.ptdesc");
        Files.writeString(main, "include \"common.ptdesc\";\n" + Files.readString(SAMPLES.resolve("linus_x86_64.ptdesc")));

        CompiledDescriptor result = compiler.compile(main, Map.of(), Set.of(), "p");

        assertEquals(Map.of(main.toAbsolutePath().normalize(), Sha256.ofFile(main),
                dir.resolve("common.ptdesc").toAbsolutePath().normalize(), Sha256.ofFile(dir.resolve("common.ptdesc"))),
                result.inputs());
    }

    @Test
    void generatedClassesCarryTheStampThatClaimsThemAfterADamagedState() throws IOException {
        byte[] walker = compiler.compile(SAMPLES.resolve("x86_64.ptdesc"), Map.of(), Set.of(), "p").walkers().getFirst().bytes();
        byte[] plain;
        try (var in = Object.class.getResourceAsStream("/java/lang/Object.class")) {
            plain = in.readAllBytes();
        }

        assertTrue(StampedClasses.stamped(walker));
        assertFalse(StampedClasses.stamped(plain));
        assertFalse(StampedClasses.stamped("not a class file".getBytes()));
    }

    @Test
    void includesResolveAgainstTheSourceDirectoryAndNeverOutsideIt() throws IOException {
        Path source = Files.createDirectories(dir.resolve("src/main/ptdesc"));
        Files.createDirectories(source.resolve("common"));
        Files.writeString(source.resolve("common/fmt.ptdesc"), "format fmt { flag P [0]; }\n");
        Files.createDirectories(source.resolve("arch"));
        String tree = """
                tree t {
                    address 30 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root base = base;
                    format fmt;
                    field frame [51:12];
                    level top bits 9 { invalid when !P; table -> frame << 12; }
                    level bottom bits 9 { invalid when !P; leaf -> frame << 12; }
                }
                """;
        Path main = Files.writeString(source.resolve("arch/t.ptdesc"), "include \"common/fmt.ptdesc\";\n" + tree);
        Path escaping = Files.writeString(source.resolve("arch/u.ptdesc"), "include \"../../../pom.xml\";\n" + tree);

        CompiledDescriptor alone = compiler.compile(main, Map.of(), Set.of(), "p");
        assertTrue(alone.errorCount() > 0, "without the root the include is missing");
        CompiledDescriptor rooted = new PtdescCompiler(List.of(source)).compile(main, Map.of(), Set.of(), "p");
        assertEquals(0, rooted.errorCount(), rooted.messages().toString());
        assertEquals(1, rooted.walkers().size());

        CompiledDescriptor refused = new PtdescCompiler(List.of(source)).compile(escaping, Map.of(), Set.of(), "p");
        assertEquals(1, refused.errorCount());
        assertTrue(refused.messages().getFirst().rendered().contains("is outside the include roots"),
                refused.messages().getFirst().rendered());
    }
}
