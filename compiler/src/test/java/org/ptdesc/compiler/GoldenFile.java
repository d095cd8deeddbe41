package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * One golden file: the checked-in text people review ({@code expected}, a path relative to the
 * compiler module) and the computation whose output must equal it. Tests only compare: a missing
 * or different file fails whatever system properties are set. Writing the file is the job of
 * {@link RegenerateGoldenFiles} alone, an explicit action outside every test run.
 */
public record GoldenFile(Path expected, Supplier<String> actual) {

    /** How a reader fixes a deliberate change; named in every failure message. */
    static final String HOW_TO_REGENERATE =
            "if the change is intended, run `mvn -B -pl compiler -am -Pregenerate-golden process-test-classes`"
                    + " (see README, \"How it is tested\") and review the diff";

    /** Fails unless the expected file exists and holds exactly the actual text. */
    public void assertMatches() {
        if (!Files.isRegularFile(expected)) {
            fail("missing golden file " + expected + "; " + HOW_TO_REGENERATE);
        }
        String want;
        try {
            want = Files.readString(expected, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(want, actual.get(), () -> expected + " differs from the current output; " + HOW_TO_REGENERATE);
    }

    @Override
    public String toString() {
        return expected.getFileName().toString();
    }

    /** Writes the actual text; returns whether the file changed. Only for {@link RegenerateGoldenFiles}. */
    boolean write() throws IOException {
        String text = actual.get();
        if (Files.isRegularFile(expected) && Files.readString(expected, StandardCharsets.UTF_8).equals(text)) {
            return false;
        }
        Files.createDirectories(expected.toAbsolutePath().getParent());
        Files.writeString(expected, text, StandardCharsets.UTF_8);
        return true;
    }
}
