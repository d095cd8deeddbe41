package org.ptdesc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The consumer {@code pom.xml} that README.md's "Use it in your build" shows is the one the
 * {@code readme-consumer} invoker build builds, so that the README cannot promise a set-up that
 * no build has tried. Paths and the version come from the build (surefire's configuration).
 */
class ReadmeSnippetTest {

    private static final Path README = Path.of(System.getProperty("ptdesc.readme", "../README.md"));
    private static final Path POM = Path.of("src/it/readme-consumer/pom.xml");

    private static String snippet() throws IOException {
        String readme = Files.readString(README);
        int section = readme.indexOf("\n## Use it in your build\n");
        assertTrue(section >= 0, "README.md has no section 'Use it in your build'");
        Matcher block = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(section), "no xml block in 'Use it in your build'");
        return block.group(1);
    }

    @Test
    void readmeShowsTheInvokerBuildsPomVerbatim() throws IOException {
        assertEquals(Files.readString(POM), snippet());
    }

    @Test
    void snippetNamesThisVersionOfRuntimeAndPlugin() throws IOException {
        String version = System.getProperty("ptdesc.version");
        String snippet = snippet();
        for (String artifact : new String[] {"ptdesc-runtime", "ptdesc-maven-plugin"}) {
            assertTrue(snippet.contains("<artifactId>" + artifact + "</artifactId>\n")
                    && snippet.matches("(?s).*<artifactId>" + artifact + "</artifactId>\\s*<version>"
                            + Pattern.quote(version) + "</version>.*"), artifact + " " + version);
        }
    }

    @Test
    void snippetPinsACompilerPluginThatCompilesForRelease25() throws IOException {
        String snippet = snippet();
        assertTrue(snippet.contains("<maven.compiler.release>25</maven.compiler.release>"), snippet);
        Matcher compiler = Pattern.compile("<artifactId>maven-compiler-plugin</artifactId>\\s*<version>(\\d+)\\.(\\d+)")
                .matcher(snippet);
        assertTrue(compiler.find(), "no maven-compiler-plugin version in the snippet");
        // 3.6 added the <release> parameter that maven.compiler.release sets; 3.1, Maven 3.8's
        // default, ignores the property and compiles for Java 5. Which version works is shown
        // by the readme-consumer invoker build, not by this test.
        int major = Integer.parseInt(compiler.group(1));
        int minor = Integer.parseInt(compiler.group(2));
        assertTrue(major > 3 || (major == 3 && minor >= 6), compiler.group());
    }
}
