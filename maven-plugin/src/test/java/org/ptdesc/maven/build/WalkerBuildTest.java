package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import static java.nio.file.StandardOpenOption.APPEND;
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
    ParameterOverrides parameters = ParameterOverrides.none();

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
        write("a.ptdesc", "param MAXPHYADDR\ninclude common.inc\ntree A\n");
        build();
        parameters = ParameterOverrides.pluginWide(Map.of("MAXPHYADDR", 46L));
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
        assertTrue(log.contains(src.resolve("z.ptdesc") + ": error: tree A compiles to org.ptdesc.walkers.AWalker, which "
                + src.resolve("a.ptdesc") + " already defines"), log.toString());
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
                project.resolve("target/ptdesc/compile-first.state"), packageName, ParameterOverrides.none(), "1.0");
        BuildRequest second = new BuildRequest(SourceSelection.of(src, null, List.of("a.ptdesc")), out,
                project.resolve("target/ptdesc/compile-second.state"), packageName,
                ParameterOverrides.pluginWide(Map.of("X", 1L)), "1.0");
        write("sub/b.ptdesc", "param X\ntree B\ntree C\n");
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

    // Parameters: plugin-wide ones apply where declared, per-descriptor ones win and must be declared.

    @Test
    void pluginWideParameterAppliesOnlyWhereDeclared() throws IOException {
        write("a.ptdesc", "param MAXPHYADDR\ninclude common.inc\ntree A\n");
        parameters = ParameterOverrides.pluginWide(Map.of("MAXPHYADDR", 46L));

        BuildReport report = build();

        assertFalse(report.failed(), log.toString());
        assertTrue(FakeCompiler.content(Files.readAllBytes(classFile("AWalker"))).endsWith("{MAXPHYADDR=46}"));
        assertTrue(FakeCompiler.content(Files.readAllBytes(classFile("BWalker"))).endsWith("{}"),
                "b.ptdesc declares no MAXPHYADDR and is compiled without it");
        assertEquals(new BuildReport(0, 2, 0, 0, 0), build(), "the next build is up to date");
    }

    @Test
    void pluginWideParameterNoDescriptorDeclaresFailsEveryBuild() throws IOException {
        parameters = ParameterOverrides.pluginWide(Map.of("MAXPHYADDR", 46L));

        BuildReport first = build();
        String firstLog = log.toString();
        BuildReport second = build();

        assertEquals(new BuildReport(2, 0, 0, 0, 0, 1), first);
        assertEquals("ptdesc: 1 error in the configuration", first.failureSummary());
        assertTrue(firstLog.contains("[ERROR] ptdesc: error: parameter override 'MAXPHYADDR' of <parameters> names no"
                + " parameter of any descriptor in " + src), firstLog);
        assertEquals(new BuildReport(0, 2, 0, 0, 0, 1), second, "up to date, and still wrong");
        assertEquals(List.of(), compiler.compiled);
    }

    @Test
    void perDescriptorParameterWinsOverThePluginWideOne() throws IOException {
        write("a.ptdesc", "param X\ntree A\n");
        write("sub/b.ptdesc", "param X\ntree B\n");
        parameters = new ParameterOverrides(Map.of("X", 1L), Map.of("sub/b.ptdesc", Map.of("X", 2L)));

        assertFalse(build().failed(), log.toString());

        assertTrue(FakeCompiler.content(Files.readAllBytes(classFile("AWalker"))).endsWith("{X=1}"));
        assertTrue(FakeCompiler.content(Files.readAllBytes(classFile("BWalker"))).endsWith("{X=2}"));
    }

    @Test
    void perDescriptorParameterTheDescriptorDoesNotDeclareIsItsError() throws IOException {
        parameters = new ParameterOverrides(Map.of(), Map.of("sub/b.ptdesc", Map.of("X", 2L)));

        BuildReport report = build();

        assertEquals("ptdesc: 1 error in 1 descriptor", report.failureSummary());
        assertTrue(log.contains(src.resolve("sub/b.ptdesc") + ": error: parameter override 'X' names no parameter"),
                log.toString());
        assertFalse(Files.exists(classFile("BWalker")));
    }

    @Test
    void perDescriptorEntryForAFileThatIsNoDescriptorIsAnError() throws IOException {
        parameters = new ParameterOverrides(Map.of(), Map.of("x86/x86_64.ptdesc", Map.of("X", 2L)));

        BuildReport report = build();

        assertEquals(1, report.configurationErrors());
        assertTrue(log.contains("<descriptorParameters> names x86/x86_64.ptdesc, which is not a descriptor selected in "
                + src + " (selected: a.ptdesc, sub/b.ptdesc)"), log.toString());
    }

    @Test
    void movingAParameterFromPluginWideToPerDescriptorRecompiles() throws IOException {
        write("a.ptdesc", "param X\ntree A\n");
        parameters = ParameterOverrides.pluginWide(Map.of("X", 1L));
        assertFalse(build().failed());

        parameters = new ParameterOverrides(Map.of("X", 1L), Map.of("sub/b.ptdesc", Map.of("X", 1L)));
        BuildReport report = build();

        assertEquals("ptdesc: 1 error in 1 descriptor", report.failureSummary(),
                "b.ptdesc does not declare X, which is now its own override");
    }

    // State: a damaged state claims every class the plugin may have written.

    @Test
    void damagedStateRemovesTheClassesOfDescriptorsDeletedMeanwhile() throws IOException {
        build();
        Path state = project.resolve("target/ptdesc/compile-state.txt");
        Files.writeString(state, "ptdesc-state 2\ndescriptor a.ptdesc\n  walker org.ptdesc.walk");
        Files.delete(src.resolve("sub/b.ptdesc"));
        Path own = Files.writeString(out.resolve("org/ptdesc/walkers/Own.class"), "a class of the project's own");
        Path elsewhere = out.resolve("com/example/OtherWalker.class");
        Files.createDirectories(elsewhere.getParent());
        Files.write(elsewhere, FakeCompiler.stampedClass("com.example.OtherWalker", "other", ""));

        BuildReport report = build();

        assertEquals(new BuildReport(1, 0, 0, 0, 0), report);
        assertTrue(log.contains("[WARNING] ptdesc: the state of the last build, " + state + ", is damaged"),
                log.toString());
        assertFalse(Files.exists(classFile("BWalker")), "b.ptdesc was deleted while the state was damaged");
        assertFalse(Files.exists(classFile("CWalker")));
        assertTrue(Files.isRegularFile(classFile("AWalker")));
        assertEquals(List.of("org.ptdesc.walkers.AWalker"), registered());
        assertTrue(Files.exists(own), "a class without the stamp is not the plugin's");
        assertTrue(Files.exists(elsewhere), "a stamped class of another package is not this build's");
        assertEquals(new BuildReport(0, 1, 0, 0, 0), build(), "the state is sound again");
    }

    @Test
    void damagedStateDropsServiceLinesOfVanishedClassesAndKeepsOtherExecutionsClasses() throws IOException {
        BuildRequest other = new BuildRequest(SourceSelection.of(src, List.of("sub/b.ptdesc"), null), out,
                project.resolve("target/ptdesc/compile-other.state"), packageName, ParameterOverrides.none(), "1.0");
        BuildRequest mine = new BuildRequest(SourceSelection.of(src, List.of("a.ptdesc"), null), out,
                project.resolve("target/ptdesc/compile-mine.state"), packageName, ParameterOverrides.none(), "1.0");
        log = new RecordingLog();
        new WalkerBuild(compiler, log).run(other);
        new WalkerBuild(compiler, log).run(mine);
        Files.writeString(out.resolve(ServiceRegistration.PATH), "org.ptdesc.walkers.GoneWalker\n", APPEND);
        Files.writeString(project.resolve("target/ptdesc/compile-mine.state"), "garbage\n");

        new WalkerBuild(compiler, log).run(mine);

        assertTrue(Files.isRegularFile(classFile("BWalker")), "the other execution's state records it");
        assertEquals(List.of("org.ptdesc.walkers.BWalker", "org.ptdesc.walkers.CWalker", "org.ptdesc.walkers.AWalker"),
                registered(), "the line of the vanished class is gone, the others stay where they were");
    }

    // Inputs: what is recorded is what was compiled.

    @Test
    void editDuringCompilationIsRecordedAsTheVersionCompiledAndCompiledByTheNextBuild() throws IOException {
        build();
        write("sub/b.ptdesc", "tree B\ntree C\n# v2\n");
        compiler.duringCompile = once(() -> write("sub/b.ptdesc", "tree B\ntree C\n# v3\n"));

        build();

        assertEquals(List.of("b.ptdesc"), compiler.compiled, "compiled once, from the bytes read");
        assertTrue(FakeCompiler.content(Files.readAllBytes(classFile("BWalker"))).contains("# v2"));
        compiler.compiled.clear();
        build();
        assertEquals(List.of("b.ptdesc"), compiler.compiled, "v2 was recorded, so v3 is a change");
        assertTrue(FakeCompiler.content(Files.readAllBytes(classFile("BWalker"))).contains("# v3"));
        assertEquals(new BuildReport(0, 2, 0, 0, 0), build());
    }

    @Test
    void includeEditedDuringCompilationMakesTheNextBuildCompileAgain() throws IOException {
        compiler.duringCompile = once(() -> write("common.inc", "shared, edited during the first compilation\n"));

        build();

        assertEquals(List.of("a.ptdesc", "b.ptdesc"), compiler.compiled);
        assertFalse(FakeCompiler.content(Files.readAllBytes(classFile("AWalker"))).contains("edited during"));
        compiler.compiled.clear();
        BuildReport next = build();
        assertEquals(new BuildReport(1, 1, 0, 0, 0), next);
        assertTrue(log.contains("(changed: " + src.resolve("common.inc") + ")"), log.toString());
        assertTrue(FakeCompiler.content(Files.readAllBytes(classFile("AWalker"))).contains("edited during"));
        assertEquals(new BuildReport(0, 2, 0, 0, 0), build());
    }

    // Class names that differ only in case clash on case-insensitive file systems.

    @Test
    void treesInTwoFilesWhoseClassNamesDifferOnlyInCaseAreAnError() throws IOException {
        write("z.ptdesc", "tree a\n");

        BuildReport report = build();

        assertEquals("ptdesc: 1 error in 1 descriptor", report.failureSummary());
        assertTrue(log.contains(src.resolve("z.ptdesc") + ": error: tree a compiles to org.ptdesc.walkers.aWalker,"
                + " whose class file on a case-insensitive file system is that of org.ptdesc.walkers.AWalker, which "
                + src.resolve("a.ptdesc") + " already defines; rename one of the trees"), log.toString());
        assertFalse(Files.exists(out.resolve("org/ptdesc/walkers/aWalker.class")));
    }

    private static Runnable once(IoAction action) {
        boolean[] done = {false};
        Runnable always = always(action);
        return () -> {
            if (!done[0]) {
                done[0] = true;
                always.run();
            }
        };
    }

    private static Runnable always(IoAction action) {
        return () -> {
            try {
                action.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private interface IoAction {
        void run() throws IOException;
    }
}
