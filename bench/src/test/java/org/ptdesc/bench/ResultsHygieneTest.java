package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The raw results kept in {@code results/} name no path of the machine that measured them (JMH
 * writes the JVM's install path into its JSON and its log, and the jar's path into warnings): a
 * reader needs the JVM's version, which RESULTS.md gives, not where it lay.
 */
class ResultsHygieneTest {

    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.])/(usr|home|root|tmp|opt|work|var)/[\\w./-]+");

    @Test
    void rawResultsNameNoPathOfTheMachine() throws IOException {
        List<String> found = new ArrayList<>();
        int files = 0;
        try (Stream<Path> results = Files.list(Path.of("results"))) {
            for (Path p : results.sorted().toList()) {
                files++;
                String text = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                Matcher m = MACHINE_PATH.matcher(text);
                if (m.find()) {
                    found.add(p.getFileName() + ": " + m.group());
                }
            }
        }
        assertTrue(files > 50, files + " result files");
        assertEquals(List.of(), found, "run `sed` on them as commit 0cdddbb did");
    }
}
