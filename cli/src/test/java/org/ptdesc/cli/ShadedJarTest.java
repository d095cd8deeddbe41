package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded {@code ptdesc.jar}, run as users run it ({@code java -jar}), on kdump files whose
 * pages are LZO1X, Snappy and zstd compressed (the QEMU machine of ptdesc-images' tests,
 * recoded there; see its resources' README): the translations are the ones the machine's page
 * tables give by hand, and JDK 25 prints no warning (no {@code sun.misc.Unsafe} in our LZO and
 * Snappy decoders; the jar's {@code Enable-Native-Access} covers zstd-jni's native library),
 * and zstd-jni leaves no file in the temporary directory. Run by surefire in the
 * integration-test phase, after {@code package} made the jar.
 */
class ShadedJarTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static final Path IMAGES = Path.of("..", "images", "src", "test", "resources", "org", "ptdesc", "images");
    /** The only line the CLI itself writes on standard error here: QEMU stopped the CPU at reset. */
    private static final String PAGING_OFF = "ptdesc: warning: CPU 0 has paging off (CR0.PG = 0); its CR3 is not a page-table root";

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    private Run run(List<String> java, String codec) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("ptdesc.jar"));
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar);
        Path scratch = Files.createDirectories(tmp.resolve("java.io.tmpdir"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + scratch));
        command.addAll(java);
        command.addAll(List.of("translate", "--desc", CliTest.X86,
                "--image", IMAGES.resolve("qemu-" + codec + ".kdump.gz").toString(),
                // By hand, from the tables QEMU was given (PML4 0x100000, PDPT 0x101000, PD 0x102000,
                // PT 0x103000 mapping VA 0..0x3fff to 0x104000..0x107fff, PD[1] a 2 MiB leaf at 0x200000).
                "--root", "0x100000", "0x0", "0x1fff", "0x3abc", "0x4000", "0x200123"));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "ptdesc did not end");
        try (Stream<Path> left = Files.list(scratch)) {
            assertEquals(List.of(), left.toList(), "files left in java.io.tmpdir");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lzo", "snappy", "zstd"})
    void translatesThroughCompressedPagesWithoutAWarning(String codec) throws Exception {
        Run r = run(List.of("-jar", System.getProperty("ptdesc.jar")), codec);
        assertEquals(PAGING_OFF + "\n", r.err(), "standard error");
        assertEquals("""
                0x0 0x104000
                0x1fff 0x105fff
                0x3abc 0x107abc
                0x4000 unmapped: not present at PT (level 3) (entry 0x0)
                0x200123 0x200123
                """, r.out());
        assertEquals(0, r.status());
    }

    @Test
    void withoutTheJarsManifestTheJdkWarnsAboutZstdJni() throws Exception {
        // The control: the same classes on a class path, where Enable-Native-Access does not
        // apply, make JDK 25 warn; so the silence above is the manifest's doing.
        Run r = run(List.of("-cp", System.getProperty("ptdesc.jar"), Main.class.getName()), "zstd");
        assertTrue(r.err().contains("WARNING: A restricted method in java.lang.System has been called"), r.err());
        assertTrue(r.out().startsWith("0x0 0x104000\n"), r.out());
    }
}
