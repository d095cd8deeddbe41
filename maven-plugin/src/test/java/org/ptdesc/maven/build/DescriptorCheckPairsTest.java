package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code check} goal's view of declared pairs: the same errors as a build, nothing written. */
class DescriptorCheckPairsTest {

    @TempDir
    Path src;

    FakeCompiler compiler = new FakeCompiler();
    RecordingLog log = new RecordingLog();

    @BeforeEach
    void sources() throws IOException {
        Files.writeString(src.resolve("g.ptdesc"), "tree G\n");
        Files.writeString(src.resolve("h.ptdesc"), "tree H\n");
    }

    @SafeVarargs
    private BuildReport check(Map.Entry<String, String>... pairs) throws IOException {
        return new DescriptorCheck(compiler, log).run(SourceSelection.of(src, null, null), ParameterOverrides.none(),
                "p", DeclaredPair.parse(List.of(pairs)));
    }

    @Test
    void aGoodPairChecksCleanAndNothingIsWritten() throws IOException {
        BuildReport report = check(Map.entry("g.ptdesc#G", "h.ptdesc#H"));

        assertFalse(report.failed(), log.toString());
        assertTrue(compiler.compiled.contains("pair G over H"), compiler.compiled.toString());
        assertTrue(log.contains("ptdesc: checked 2 descriptors and 1 pair in " + src + ": no errors"), log.toString());
        try (Stream<Path> files = Files.list(src)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void badPairsAreErrorsOfTheConfiguration() throws IOException {
        BuildReport report = check(Map.entry("g.ptdesc#G", "h.ptdesc#EPT"), Map.entry("g.ptdesc#G", "npt.ptdesc#N"));

        assertEquals("ptdesc: 2 errors in the configuration", report.failureSummary());
        assertTrue(log.contains("[ERROR] " + src.resolve("h.ptdesc") + ": error: no tree 'EPT', the stage 2 tree of"
                + " <pairs> pair 1 (g.ptdesc#G over h.ptdesc#EPT)"), log.toString());
        assertTrue(log.contains("[ERROR] ptdesc: error: <pairs> pair 2 (g.ptdesc#G over npt.ptdesc#N) names npt.ptdesc,"
                + " which is not a descriptor selected in " + src), log.toString());
    }

    @Test
    void aPairOverABrokenDescriptorAddsNoErrorOfItsOwn() throws IOException {
        Files.writeString(src.resolve("h.ptdesc"), "tree H\nerror broken\n");

        BuildReport report = check(Map.entry("g.ptdesc#G", "h.ptdesc#H"));

        assertEquals("ptdesc: 1 error in 1 descriptor", report.failureSummary());
        assertFalse(compiler.compiled.contains("pair G over H"), compiler.compiled.toString());
    }
}
