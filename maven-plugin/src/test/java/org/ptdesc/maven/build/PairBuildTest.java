package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.NestedWalkers;

/** Declared pairs in an incremental build, with the toy compiler ({@link FakeCompiler}). */
class PairBuildTest {

    @TempDir
    Path project;

    Path src;
    Path out;
    FakeCompiler compiler;
    RecordingLog log;
    List<DeclaredPair> pairs = DeclaredPair.parse(List.of(Map.entry("g.ptdesc#G", "h.ptdesc#H")));
    ParameterOverrides parameters = ParameterOverrides.none();

    @BeforeEach
    void sources() throws IOException {
        src = Files.createDirectories(project.resolve("src/main/ptdesc"));
        out = project.resolve("target/classes");
        write("g.ptdesc", "param LEVELS\ntree G\n");
        write("h.ptdesc", "include common.inc\ntree H\ntree H2\n");
        write("common.inc", "shared\n");
        write("other.ptdesc", "tree O\n");
        compiler = new FakeCompiler();
    }

    private void write(String path, String text) throws IOException {
        Files.writeString(src.resolve(path), text);
    }

    private BuildReport build() throws IOException {
        log = new RecordingLog();
        compiler.compiled.clear();
        BuildRequest request = new BuildRequest(SourceSelection.of(src, null, null), out,
                project.resolve("target/ptdesc/compile-default.state"), "org.ptdesc.walkers", parameters, "1.0", pairs);
        return new WalkerBuild(compiler, log).run(request);
    }

    private Path pairClass(String simpleName) {
        return out.resolve("org/ptdesc/walkers/" + simpleName + ".class");
    }

    private List<String> registry() throws IOException {
        return Files.readAllLines(out.resolve(NestedWalkers.REGISTRY));
    }

    @Test
    void aDeclaredPairIsGeneratedAndListedForTheRuntime() throws IOException {
        BuildReport report = build();

        assertFalse(report.failed(), log.toString());
        assertTrue(Files.isRegularFile(pairClass("GOverHNestedWalker")));
        assertEquals(List.of("G H org.ptdesc.walkers.GOverHNestedWalker"), registry());
        // The pair class is no TreeWalker: it is not in the walkers' service file.
        assertEquals(List.of("org.ptdesc.walkers.GWalker", "org.ptdesc.walkers.H2Walker", "org.ptdesc.walkers.HWalker",
                "org.ptdesc.walkers.OWalker"), Files.readAllLines(out.resolve(ServiceRegistration.PATH)));
        assertTrue(log.contains("[INFO] ptdesc: generated pair g.ptdesc#G over h.ptdesc#H (new):"
                + " org.ptdesc.walkers.GOverHNestedWalker"), log.toString());
        assertTrue(log.contains("3 descriptors compiled into " + out + ", 0 up to date, 0 removed; 1 pair generated, 0 up to date"),
                log.toString());
        // Made of both trees, as compiled for their own walkers.
        assertEquals(FakeCompiler.content(Files.readAllBytes(out.resolve("org/ptdesc/walkers/GWalker.class")))
                        + FakeCompiler.content(Files.readAllBytes(out.resolve("org/ptdesc/walkers/HWalker.class"))),
                FakeCompiler.content(Files.readAllBytes(pairClass("GOverHNestedWalker"))));
    }

    @Test
    void anUnchangedPairIsUpToDateAndTouchesNothing() throws IOException {
        build();
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(pairClass("GOverHNestedWalker"), old);
        Files.setLastModifiedTime(out.resolve(NestedWalkers.REGISTRY), old);

        BuildReport report = build();

        assertEquals(new BuildReport(0, 3, 0, 0, 0), report);
        assertEquals(List.of(), compiler.compiled);
        assertTrue(log.contains("nothing to compile, all 3 descriptors and 1 pair up to date"), log.toString());
        assertEquals(old, Files.getLastModifiedTime(pairClass("GOverHNestedWalker")));
        assertEquals(old, Files.getLastModifiedTime(out.resolve(NestedWalkers.REGISTRY)));
    }

    @Test
    void aChangedIncludeOfEitherSideRegeneratesThePair() throws IOException {
        build();
        write("common.inc", "shared, changed\n");

        build();

        assertEquals(List.of("h.ptdesc", "pair G over H"), compiler.compiled);
        assertTrue(log.contains("generated pair g.ptdesc#G over h.ptdesc#H (changed: " + src.resolve("common.inc")),
                log.toString());
        assertTrue(FakeCompiler.content(Files.readAllBytes(pairClass("GOverHNestedWalker"))).contains("shared, changed"));
    }

    @Test
    void anotherParameterRegeneratesThePairWithIt() throws IOException {
        build();
        parameters = ParameterOverrides.pluginWide(Map.of("LEVELS", 5L));

        build();

        assertTrue(compiler.compiled.contains("pair G over H"), compiler.compiled.toString());
        assertTrue(log.contains("generated pair g.ptdesc#G over h.ptdesc#H (configuration changed)"), log.toString());
        assertTrue(FakeCompiler.content(Files.readAllBytes(pairClass("GOverHNestedWalker"))).contains("{LEVELS=5}"));
    }

    @Test
    void aDeletedPairClassIsGeneratedAgain() throws IOException {
        build();
        Files.delete(pairClass("GOverHNestedWalker"));

        build();

        assertEquals(List.of("pair G over H"), compiler.compiled);
        assertTrue(Files.isRegularFile(pairClass("GOverHNestedWalker")));
        assertTrue(log.contains("(class file missing: "), log.toString());
    }

    @Test
    void aPairNoLongerDeclaredLosesItsClassAndLine() throws IOException {
        build();
        pairs = List.of();

        BuildReport report = build();

        assertFalse(report.failed());
        assertFalse(Files.exists(pairClass("GOverHNestedWalker")));
        assertFalse(Files.exists(out.resolve(NestedWalkers.REGISTRY)));
        assertTrue(log.contains("pair g.ptdesc#G over h.ptdesc#H is no longer declared: removed"
                + " org.ptdesc.walkers.GOverHNestedWalker"), log.toString());
    }

    @Test
    void anUnknownTreeIsAnErrorNamingTheFileThePairAndTheTrees() throws IOException {
        pairs = DeclaredPair.parse(List.of(Map.entry("g.ptdesc#G", "h.ptdesc#EPT")));

        BuildReport report = build();

        assertTrue(report.failed());
        assertEquals("ptdesc: 1 error in the configuration", report.failureSummary());
        assertTrue(log.contains("[ERROR] " + src.resolve("h.ptdesc").toAbsolutePath() + ": error: no tree 'EPT',"
                + " the stage 2 tree of <pairs> pair 1 (g.ptdesc#G over h.ptdesc#EPT)"), log.toString());
        assertFalse(Files.exists(out.resolve(NestedWalkers.REGISTRY)));
        // The descriptors themselves are fine and keep their walkers.
        assertTrue(Files.isRegularFile(out.resolve("org/ptdesc/walkers/HWalker.class")));
    }

    @Test
    void errorsAreReportedInTheOrderOfThePairs() throws IOException {
        pairs = DeclaredPair.parse(List.of(Map.entry("g.ptdesc#G", "h.ptdesc#X"), Map.entry("g.ptdesc#G", "a.ptdesc#A")));

        BuildReport report = build();

        assertEquals("ptdesc: 2 errors in the configuration", report.failureSummary());
        List<String> errors = log.lines.stream().filter(l -> l.startsWith("[ERROR]")).toList();
        assertEquals(2, errors.size(), log.toString());
        assertTrue(errors.get(0).contains("pair 1 (g.ptdesc#G over h.ptdesc#X)"), errors.get(0));
        assertTrue(errors.get(1).contains("pair 2 (g.ptdesc#G over a.ptdesc#A)"), errors.get(1));
    }

    @Test
    void aSideThatIsNoDescriptorOfTheBuildIsAnError() throws IOException {
        pairs = DeclaredPair.parse(List.of(Map.entry("x86.ptdesc#G", "h.ptdesc#H")));

        BuildReport report = build();

        assertTrue(report.failed());
        assertTrue(log.contains("[ERROR] ptdesc: error: <pairs> pair 1 (x86.ptdesc#G over h.ptdesc#H) names x86.ptdesc,"
                + " which is not a descriptor selected in " + src + " (selected: g.ptdesc, h.ptdesc, other.ptdesc)"),
                log.toString());
        assertEquals(List.of(), compiler.compiled.stream().filter(c -> c.startsWith("pair")).toList());
    }

    @Test
    void aPairWhoseDescriptorBreaksLosesItsClassWithoutASecondError() throws IOException {
        build();
        write("g.ptdesc", "tree G\nerror unknown name 'P'\n");

        BuildReport report = build();

        assertEquals("ptdesc: 1 error in 1 descriptor", report.failureSummary());
        assertFalse(Files.exists(pairClass("GOverHNestedWalker")));
        assertFalse(Files.exists(out.resolve(NestedWalkers.REGISTRY)));
        assertTrue(log.contains("pair g.ptdesc#G over h.ptdesc#H not generated: its descriptor has errors"), log.toString());

        write("g.ptdesc", "tree G\n");
        assertFalse(build().failed());
        assertTrue(Files.isRegularFile(pairClass("GOverHNestedWalker")));
        assertEquals(List.of("G H org.ptdesc.walkers.GOverHNestedWalker"), registry());
    }

    @Test
    void otherLinesOfTheRegistryAreKept() throws IOException {
        Files.createDirectories(out.resolve("META-INF/ptdesc"));
        Files.writeString(out.resolve(NestedWalkers.REGISTRY), "# mine\nA B com.example.AOverBNestedWalker\n");

        build();
        pairs = List.of();
        build();

        assertEquals(List.of("# mine", "A B com.example.AOverBNestedWalker"), registry());
    }

    @Test
    void aDamagedStateClaimsTheListedPairClassesOfThePackage() throws IOException {
        build();
        Files.writeString(project.resolve("target/ptdesc/compile-default.state"), "garbage\n");
        pairs = List.of();

        BuildReport report = build();

        assertFalse(report.failed());
        assertFalse(Files.exists(pairClass("GOverHNestedWalker")));
        assertFalse(Files.exists(out.resolve(NestedWalkers.REGISTRY)));
    }
}
