package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * The golden comparisons cannot be talked into passing: a corrupted or missing expected file
 * fails even with the system properties that used to regenerate files during a test run, the
 * comparison never writes, and the regeneration action refuses to run under {@code CI}.
 */
class GoldenFileTest {

    static final List<String> OLD_SWITCHES = List.of("ptdesc.regenerate", "ptdesc.codegen.regenerate");

    @TempDir
    Path dir;

    @AfterEach
    void clearSwitches() {
        OLD_SWITCHES.forEach(System::clearProperty);
    }

    /** Every golden file the suite compares, copied to the temp directory with one word changed. */
    @Test
    void aCorruptedExpectedFileFailsWhateverPropertiesAreSet() throws IOException {
        OLD_SWITCHES.forEach(p -> System.setProperty(p, "true"));
        List<GoldenFile> all = RegenerateGoldenFiles.all();
        assertTrue(all.size() > 70, "diagnostics, IR and code listings: " + all.size());
        for (GoldenFile real : List.of(all.getFirst(), all.get(all.size() / 2), all.getLast())) {
            real.assertMatches();
            Path copy = dir.resolve(real.expected().getFileName());
            String text = Files.readString(real.expected(), StandardCharsets.UTF_8);
            String corrupted = text.isEmpty() ? "x" : text.substring(0, text.length() / 2) + "#" + text.substring(text.length() / 2 + 1);
            Files.writeString(copy, corrupted, StandardCharsets.UTF_8);
            GoldenFile wrong = new GoldenFile(copy, real.actual());
            AssertionFailedError e = assertThrows(AssertionFailedError.class, wrong::assertMatches, real.toString());
            assertTrue(e.getMessage().contains("regenerate-golden"), e.getMessage());
            assertEquals(corrupted, Files.readString(copy, StandardCharsets.UTF_8), "the comparison wrote nothing");
        }
    }

    @Test
    void aMissingExpectedFileFailsAndIsNotCreated() {
        OLD_SWITCHES.forEach(p -> System.setProperty(p, "true"));
        Path missing = dir.resolve("nothing.expected");
        GoldenFile golden = new GoldenFile(missing, () -> "text");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, golden::assertMatches);
        assertTrue(e.getMessage().startsWith("missing golden file " + missing), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void regenerationWritesOnlyChangedFiles() throws IOException {
        Path file = dir.resolve("a.expected");
        GoldenFile golden = new GoldenFile(file, () -> "new text\n");
        assertTrue(golden.write(), "created");
        assertEquals("new text\n", Files.readString(file));
        assertFalse(golden.write(), "unchanged the second time");
        golden.assertMatches();
    }

    @Test
    void regenerationRefusesUnderCi() {
        assertNull(RegenerateGoldenFiles.refusal(null));
        assertNull(RegenerateGoldenFiles.refusal(""));
        String refusal = RegenerateGoldenFiles.refusal("true");
        assertNotNull(refusal);
        assertTrue(refusal.startsWith("refusing to regenerate golden files: CI is set"), refusal);
    }
}
