package org.ptdesc.compiler;

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
 * two files (write the {@code .expected} by hand, or with {@link RegenerateGoldenFiles} and then
 * read it). A first line {@code // params: A=1, B=0x10} gives parameter overrides. File names in
 * the output are shown relative to the case directory. A missing {@code .expected} file fails.
 */
public class DiagnosticGoldenTest {

    static final Path CASES = Path.of("src/test/resources/diagnostics");

    /** One golden file per case: {@code NAME.expected} beside {@code NAME.ptdesc}. */
    public static List<GoldenFile> goldenFiles() throws IOException {
        List<Path> cases;
        try (Stream<Path> files = Files.list(CASES)) {
            cases = files.filter(p -> p.toString().endsWith(".ptdesc")).sorted().toList();
        }
        return cases.stream().map(file -> new GoldenFile(
                Path.of(file.toString().replaceAll("\\.ptdesc$", ".expected")), () -> render(file))).toList();
    }

    @TestFactory
    Stream<DynamicTest> goldenFilesMatch() throws IOException {
        List<GoldenFile> golden = goldenFiles();
        assertTrue(golden.size() >= 45, "expected at least 45 golden cases, found " + golden.size());
        return golden.stream().map(g -> DynamicTest.dynamicTest(g.expected().getFileName().toString(), g::assertMatches));
    }

    static String render(Path file) {
        Compilation c;
        try {
            c = Ptdesc.compile(file, parameters(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
