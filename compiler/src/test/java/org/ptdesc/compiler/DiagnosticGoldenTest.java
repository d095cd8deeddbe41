package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files for the diagnostics people read: each {@code diagnostics/NAME.ptdesc} is compiled
 * and its rendered diagnostics compared with {@code NAME.expected}. Adding a case is adding the
 * two files. A first line {@code // params: A=1, B=0x10} gives parameter overrides. File names in
 * the output are shown relative to the case directory.
 *
 * <p>To regenerate the expectations after a deliberate change of messages, run
 * {@code mvn -pl compiler -am test -Dtest=DiagnosticGoldenTest -Dptdesc.regenerate=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, then read every changed {@code .expected} file in the
 * diff before committing it: an expectation is a judgement, not a recording.
 */
class DiagnosticGoldenTest {

    static final Path CASES = Path.of("src/test/resources/diagnostics");

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".ptdesc")).sorted().toList();
        }
        assertTrue(cases.size() >= 45, "expected at least 45 golden cases, found " + cases.size());
        boolean regenerate = Boolean.getBoolean("ptdesc.regenerate");
        return cases.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            String actual = render(file);
            Path expectedFile = Path.of(file.toString().replaceAll("\\.ptdesc$", ".expected"));
            if (regenerate) {
                Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
                return;
            }
            assertTrue(Files.exists(expectedFile), "missing " + expectedFile);
            assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), actual, file.toString());
        }));
    }

    static String render(Path file) throws IOException {
        Compilation c = Ptdesc.compile(file, parameters(file));
        String prefix = CASES.toString() + file.getFileSystem().getSeparator();
        return c.renderDiagnostics().replace(prefix, "");
    }

    /** Overrides from a first line {@code // params: A=1, B=0x10}. */
    static Map<String, Long> parameters(Path file) throws IOException {
        Map<String, Long> params = new LinkedHashMap<>();
        byte[] bytes = Files.readAllBytes(file);
        String first = new String(bytes, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        if (first.startsWith("// params:")) {
            for (String pair : first.substring("// params:".length()).split(",")) {
                String[] kv = pair.trim().split("=");
                params.put(kv[0].trim(), Long.decode(kv[1].trim()));
            }
        }
        return params;
    }
}
