package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class WalkerBuildTest {

    @TempDir
    Path project;

    Path src;
    Path out;
    FakeCompiler compiler;
    RecordingLog log;
    String packageName = "org.ptdesc.walkers";
    Map<String, Long> parameters = Map.of();

    @BeforeEach
    void sources() throws IOException {
        src = Files.createDirectories(project.resolve("src/main/ptdesc"));
        out = project.resolve("target/classes");
        write("a.ptdesc", "include common.inc\ntree A\n");
        write("common.inc", "shared\n");
        write("sub/b.ptdesc", "tree B\ntree C\n");
        compiler = new FakeCompiler();
    }

    private void write(String path, String text) throws IOException {
        Path p = src.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private BuildReport build() throws IOException {
        log = new RecordingLog();
        compiler.compiled.clear();
        BuildRequest request = new BuildRequest(SourceSelection.of(src, null, null), out,
                project.resolve("target/ptdesc/compile-state.txt"), packageName, parameters, "1.0");
        return new WalkerBuild(compiler, log).run(request);
    }

    private Path classFile(String simpleName) {
        return out.resolve("org/ptdesc/walkers/" + simpleName + ".class");
    }

    private List<String> registered() throws IOException {
        return Files.readAllLines(out.resolve(ServiceRegistration.PATH));
    }

    @Test
    void firstBuildCompilesEveryDescriptorAndRegistersItsWalkers() throws IOException {
        BuildReport report = build();

        assertEquals(new BuildReport(2, 0, 0, 0, 0), report);
        assertTrue(Files.isRegularFile(classFile("AWalker")));
        assertTrue(Files.isRegularFile(classFile("BWalker")));
        assertTrue(Files.isRegularFile(classFile("CWalker")));
        assertEquals(List.of("org.ptdesc.walkers.AWalker", "org.ptdesc.walkers.BWalker", "org.ptdesc.walkers.CWalker"),
                registered());
        assertTrue(log.contains("compiled a.ptdesc (new): org.ptdesc.walkers.AWalker"), log.toString());
    }

    @Test
    void secondBuildIsUpToDateAndTouchesNothing() throws IOException {
        build();
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(classFile("AWalker"), old);
        Files.setLastModifiedTime(out.resolve(ServiceRegistration.PATH), old);

        BuildReport report = build();

        assertEquals(new BuildReport(0, 2, 0, 0, 0), report);
        assertEquals(List.of(), compiler.compiled);
        assertTrue(log.contains("nothing to compile, all 2 descriptors up to date"), log.toString());
        assertEquals(old, Files.getLastModifiedTime(classFile("AWalker")));
        assertEquals(old, Files.getLastModifiedTime(out.resolve(ServiceRegistration.PATH)));
    }

    @Test
    void changedIncludeRecompilesOnlyTheDescriptorThatReadsIt() throws IOException {
        build();
        write("common.inc", "shared, changed\n");

        BuildReport report = build();

        assertEquals(List.of("a.ptdesc"), compiler.compiled);
        assertEquals(new BuildReport(1, 1, 0, 0, 0), report);
        assertTrue(log.contains("compiled a.ptdesc (changed: " + src.resolve("common.inc")), log.toString());
    }

    @Test
    void treeRenamedInADescriptorReplacesItsClass() throws IOException {
        build();
        write("sub/b.ptdesc", "tree B\ntree D\n");

        build();

        assertFalse(Files.exists(classFile("CWalker")));
        assertTrue(Files.isRegularFile(classFile("DWalker")));
        assertEquals(List.of("org.ptdesc.walkers.AWalker", "org.ptdesc.walkers.BWalker", "org.ptdesc.walkers.DWalker"),
                registered());
    }

    @Test
    void deletedDescriptorLosesExactlyItsClassesAndLines() throws IOException {
        build();
        Files.delete(src.resolve("sub/b.ptdesc"));

        BuildReport report = build();

        assertEquals(new BuildReport(0, 1, 1, 0, 0), report);
        assertFalse(Files.exists(classFile("BWalker")));
        assertFalse(Files.exists(classFile("CWalker")));
        assertTrue(Files.isRegularFile(classFile("AWalker")));
        assertEquals(List.of("org.ptdesc.walkers.AWalker"), registered());
        assertTrue(log.contains("sub/b.ptdesc was deleted"), log.toString());
    }

    @Test
    void brokenDescriptorFailsAndLeavesNoStaleClassesBehind() throws IOException {
        build();
        write("sub/b.ptdesc", "tree B\nerror unknown name 'P'\nerror no level\n");

        BuildReport report = build();

        assertEquals(2, report.errors());
        assertEquals("ptdesc: 2 errors in 1 descriptor", report.failureSummary());
        assertTrue(log.contains("[ERROR] " + src.resolve("sub/b.ptdesc") + ":2:1: error: unknown name 'P'"),
                log.toString());
        assertFalse(Files.exists(classFile("BWalker")));
        assertFalse(Files.exists(classFile("CWalker")));
        assertTrue(Files.isRegularFile(classFile("AWalker")), "the good descriptor keeps its classes");
        assertEquals(List.of("org.ptdesc.walkers.AWalker"), registered());

        build();
        assertEquals(List.of("b.ptdesc"), compiler.compiled, "a failed descriptor is compiled again next time");
    }

    @Test
    void warningsDoNotFailTheBuild() throws IOException {
        write("a.ptdesc", "tree A\nwarning unused param\n");

        BuildReport report = build();

        assertFalse(report.failed());
        assertTrue(log.contains("[WARNING] " + src.resolve("a.ptdesc") + ":2:1: warning: unused param"));
    }

    @Test
    void otherPackageOrParametersRecompileEverythingAndMoveTheClasses() throws IOException {
        build();
        parameters = Map.of("MAXPHYADDR", 46L);
        assertEquals(2, build().compiled());

        packageName = "com.example.mmu";
        assertEquals(2, build().compiled());

        assertFalse(Files.exists(classFile("AWalker")));
        assertTrue(Files.isRegularFile(out.resolve("com/example/mmu/AWalker.class")));
        assertEquals(List.of("com.example.mmu.AWalker", "com.example.mmu.BWalker", "com.example.mmu.CWalker"),
                registered());
    }

    @Test
    void newCompilerVersionRecompilesEverything() throws IOException {
        build();
        compiler.version = "fake-2";

        assertEquals(2, build().compiled());
        assertTrue(log.contains("(configuration changed)"), log.toString());
    }

    @Test
    void deletedClassFileIsRegenerated() throws IOException {
        build();
        Files.delete(classFile("CWalker"));

        build();

        assertEquals(List.of("b.ptdesc"), compiler.compiled);
        assertTrue(Files.isRegularFile(classFile("CWalker")));
    }

    @Test
    void twoDescriptorsDefiningOneTreeIsAnError() throws IOException {
        write("z.ptdesc", "tree A\n");

        BuildReport report = build();

        assertEquals("ptdesc: 1 error in 1 descriptor", report.failureSummary());
        assertTrue(log.contains("z.ptdesc: error: tree A compiles to org.ptdesc.walkers.AWalker, which a.ptdesc"),
                log.toString());
    }

    @Test
    void compilerCrashFailsOnlyThatDescriptor() throws IOException {
        write("sub/b.ptdesc", "crash\n");

        BuildReport report = build();

        assertEquals("ptdesc: 1 error in 1 descriptor", report.failureSummary());
        assertTrue(Files.isRegularFile(classFile("AWalker")));
        assertTrue(log.contains("b.ptdesc: error: internal error of the ptdesc compiler"), log.toString());
    }

    @Test
    void twoExecutionsSharingAnOutputKeepEachOthersClassesAndLines() throws IOException {
        BuildRequest first = new BuildRequest(SourceSelection.of(src, List.of("a.ptdesc"), null), out,
                project.resolve("target/ptdesc/compile-first.state"), packageName, Map.of(), "1.0");
        BuildRequest second = new BuildRequest(SourceSelection.of(src, null, List.of("a.ptdesc")), out,
                project.resolve("target/ptdesc/compile-second.state"), packageName, Map.of("X", 1L), "1.0");
        log = new RecordingLog();
        new WalkerBuild(compiler, log).run(first);
        new WalkerBuild(compiler, log).run(second);
        compiler.compiled.clear();

        BuildReport again = new WalkerBuild(compiler, log).run(first);

        assertEquals(new BuildReport(0, 1, 0, 0, 0), again);
        assertTrue(log.contains("nothing to compile, all 1 descriptor up to date"), log.toString());
        assertTrue(Files.isRegularFile(classFile("BWalker")), "the other execution's classes stay");
        assertEquals(List.of("org.ptdesc.walkers.AWalker", "org.ptdesc.walkers.BWalker", "org.ptdesc.walkers.CWalker"),
                registered());
    }

    @Test
    void identicalInputGivesIdenticalBytesInAFreshOutput() throws IOException {
        build();
        byte[] first = Files.readAllBytes(classFile("AWalker"));
        List<String> firstRegistration = registered();
        Files.walk(project.resolve("target")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());

        build();

        assertArrayEquals(first, Files.readAllBytes(classFile("AWalker")));
        assertEquals(firstRegistration, registered());
    }
}
