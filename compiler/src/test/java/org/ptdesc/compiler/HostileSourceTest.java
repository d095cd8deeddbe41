package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.IncludeRoots;
import org.ptdesc.compiler.source.InputFile;

/**
 * Hostile source files, built by the test itself: devices, FIFOs, huge files, include paths that
 * leave the include roots (by {@code ..}, absolutely, or through a symbolic link), and files that
 * are no descriptor and hold secrets. Each must give located errors quickly and echo nothing of a
 * file that is not a descriptor.
 */
class HostileSourceTest {

    static final Duration QUICK = Duration.ofSeconds(10);

    /** A valid tree; {@code %s} is replaced by what comes before it (includes). */
    static final String TREE = """
            tree t {
                address 30 bits;
                offset 12 bits;
                entry 64 bits;
                root base = base;
                flag P [0];
                field frame [51:12];
                level top bits 9 { invalid when !P; table -> frame << 12; }
                level bottom bits 9 { invalid when !P; leaf -> frame << 12; }
            }
            """;

    static final String FORMAT = "format fmt { flag Q [1]; }\n";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    private static Compilation compile(Path file, Path... roots) {
        return assertTimeoutPreemptively(QUICK, () -> Ptdesc.compile(file, Map.of(), IncludeRoots.of(List.of(roots))));
    }

    private static DiagnosticCode only(Compilation c) {
        assertEquals(1, c.diagnostics().size(), c.renderDiagnostics());
        return c.diagnostics().getFirst().code();
    }

    @Test
    void deviceGivenDirectlyIsRefusedWithoutReading() {
        Compilation c = compile(Path.of("/dev/zero"));
        assertEquals(DiagnosticCode.NOT_A_REGULAR_FILE, only(c));
        assertEquals("/dev/zero: error: /dev/zero is a device, FIFO or socket: only regular files are read [P104]\n",
                c.renderDiagnostics());
    }

    @Test
    void includedDeviceIsRefusedEvenInsideARoot() throws IOException {
        Path main = write("main.ptdesc", "include \"/dev/zero\";\n" + TREE);
        assertEquals(DiagnosticCode.INCLUDE_OUTSIDE_ROOTS, only(compile(main)));
        Compilation c = compile(main, Path.of("/dev"));
        assertEquals(DiagnosticCode.NOT_A_REGULAR_FILE, only(c));
        assertEquals(1, c.diagnostics().getFirst().span().line());
        assertEquals(9, c.diagnostics().getFirst().span().column());
    }

    @Test
    void fifoIsRefusedNotWaitedFor() throws Exception {
        Path fifo = dir.resolve("pipe.ptdesc");
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        assertEquals(DiagnosticCode.NOT_A_REGULAR_FILE, only(compile(fifo)));
        Path main = write("main.ptdesc", "include \"pipe.ptdesc\";\n" + TREE);
        Compilation c = compile(main);
        assertEquals(DiagnosticCode.NOT_A_REGULAR_FILE, only(c));
        assertTrue(c.renderDiagnostics().startsWith(main + ":1:9: error: " + dir.resolve("pipe.ptdesc")
                + " is a device, FIFO or socket"), c.renderDiagnostics());
    }

    @Test
    void sizeLimitIsExactForNamedAndIncludedFiles() throws IOException {
        String atLimit = pad(TREE, InputFile.MAX_BYTES);
        assertEquals(InputFile.MAX_BYTES, atLimit.getBytes(StandardCharsets.UTF_8).length);
        Compilation ok = compile(write("at.ptdesc", atLimit));
        assertFalse(ok.hasErrors(), ok.renderDiagnostics());
        Path over = write("over.ptdesc", atLimit + " ");
        assertEquals(DiagnosticCode.FILE_TOO_LARGE, only(compile(over)));

        write("lib/big.ptdesc", pad(FORMAT, InputFile.MAX_BYTES + 1));
        write("lib/fits.ptdesc", pad(FORMAT, InputFile.MAX_BYTES));
        Compilation big = compile(write("lib/main.ptdesc", "include \"big.ptdesc\";\n" + TREE));
        assertEquals(DiagnosticCode.FILE_TOO_LARGE, only(big));
        assertEquals("big.ptdesc is larger than 1 MiB (1048576 bytes), the limit for a descriptor file",
                big.diagnostics().getFirst().message().replace(dir.resolve("lib") + "/", ""));
        Compilation fits = compile(write("lib/main2.ptdesc", "include \"fits.ptdesc\";\n" + TREE));
        assertFalse(fits.hasErrors(), fits.renderDiagnostics());
    }

    /** {@code text} followed by a comment that brings it to exactly {@code bytes} bytes. */
    private static String pad(String text, int bytes) {
        StringBuilder sb = new StringBuilder(text).append("//");
        while (sb.length() < bytes) {
            sb.append('x');
        }
        return sb.toString();
    }

    @Test
    void dotDotLeavesTheRootsUnlessARootHoldsTheTarget() throws IOException {
        write("common/fmt.ptdesc", FORMAT);
        Path main = write("project/main.ptdesc", "include \"../common/fmt.ptdesc\";\n" + TREE);
        Compilation refused = compile(main);
        assertEquals(DiagnosticCode.INCLUDE_OUTSIDE_ROOTS, only(refused));
        assertEquals("include '../common/fmt.ptdesc' is outside the include roots: the path leads out of them"
                + " (roots: the compiled file's directory and -I directories)", refused.diagnostics().getFirst().message());
        Compilation allowed = compile(main, dir.resolve("common"));
        assertFalse(allowed.hasErrors(), allowed.renderDiagnostics());
        assertEquals(2, allowed.inputs().size());
    }

    @Test
    void includeRootsAreSearchedInOrderAfterTheIncludingDirectory() throws IOException {
        write("first/fmt.ptdesc", FORMAT);
        write("second/fmt.ptdesc", "format other { flag R [2]; }\n");
        Path main = write("project/main.ptdesc", "include \"fmt.ptdesc\";\n"
                + TREE.replace("flag P [0];", "flag P [0]; format fmt;"));
        assertEquals(DiagnosticCode.INCLUDE_MISSING, only(compile(main)));
        Compilation c = compile(main, dir.resolve("first"), dir.resolve("second"));
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        Compilation wrongOrder = compile(main, dir.resolve("second"), dir.resolve("first"));
        assertEquals(DiagnosticCode.UNKNOWN_FORMAT, only(wrongOrder));
    }

    @Test
    void absoluteIncludeOnlyInsideARoot() throws IOException {
        Path lib = write("lib/fmt.ptdesc", FORMAT);
        Path main = write("project/main.ptdesc", "include \"" + lib.toAbsolutePath() + "\";\n" + TREE);
        assertEquals(DiagnosticCode.INCLUDE_OUTSIDE_ROOTS, only(compile(main)));
        Compilation c = compile(main, dir.resolve("lib"));
        assertFalse(c.hasErrors(), c.renderDiagnostics());
    }

    @Test
    void symbolicLinkOutOfTheRootIsRefused() throws IOException {
        write("outside/fmt.ptdesc", FORMAT);
        Path main = write("project/main.ptdesc", "include \"link.ptdesc\";\n" + TREE);
        Files.createSymbolicLink(dir.resolve("project/link.ptdesc"), dir.resolve("outside/fmt.ptdesc"));
        Compilation c = compile(main);
        assertEquals(DiagnosticCode.INCLUDE_OUTSIDE_ROOTS, only(c));
        assertTrue(c.diagnostics().getFirst().message().endsWith("a symbolic link leads out of them"));
        Files.createSymbolicLink(dir.resolve("project/dirlink"), dir.resolve("outside"));
        Path viaDirectory = write("project/main2.ptdesc", "include \"dirlink/fmt.ptdesc\";\n" + TREE);
        assertEquals(DiagnosticCode.INCLUDE_OUTSIDE_ROOTS, only(compile(viaDirectory)));
        // A link that stays inside the roots is fine.
        write("project/real.ptdesc", FORMAT);
        Files.createSymbolicLink(dir.resolve("project/inner.ptdesc"), dir.resolve("project/real.ptdesc"));
        Compilation inner = compile(write("project/main3.ptdesc", "include \"inner.ptdesc\";\n" + TREE));
        assertFalse(inner.hasErrors(), inner.renderDiagnostics());
    }

    @Test
    void secretsAreNeverEchoed() throws IOException {
        String secret = "hunter2-" + Long.toHexString(System.nanoTime());
        write("p/env", "API_TOKEN=" + secret + "\n");
        write("p/yaml", "tree: " + secret + "\n");
        write("p/bin", "param X = 1;\u0000" + secret + "\n");
        Files.write(dir.resolve("p/latin1"), ("param X = 1; // caf\u00e9 " + secret + "\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (String name : List.of("env", "yaml", "bin", "latin1")) {
            Compilation c = compile(write("p/main-" + name + ".ptdesc", "include \"" + name + "\";\n" + TREE));
            assertEquals(DiagnosticCode.NOT_A_DESCRIPTOR, only(c), name);
            assertFalse(c.renderDiagnostics().contains(secret), c.renderDiagnostics());
        }
    }

    @Test
    void processEnvironmentIsNotEchoedEvenFromARoot() throws IOException {
        Path main = write("main.ptdesc", "include \"/proc/self/environ\";\n" + TREE);
        assertEquals(DiagnosticCode.INCLUDE_OUTSIDE_ROOTS, only(compile(main)));
        Compilation c = compile(main, Path.of("/proc/self"));
        assertTrue(c.hasErrors());
        String path = System.getenv("PATH");
        assertFalse(path != null && c.renderDiagnostics().contains(path), c.renderDiagnostics());
        assertEquals(1, c.diagnostics().size(), c.renderDiagnostics());
    }

    @Test
    void includedDescriptorWithAnErrorStillShowsItsLine() throws IOException {
        write("lib.ptdesc", "param X = ;\n");
        Compilation c = compile(write("main.ptdesc", "include \"lib.ptdesc\";\n" + TREE));
        assertEquals(DiagnosticCode.SYNTAX_ERROR, only(c));
        assertTrue(c.renderDiagnostics().contains("\nparam X = ;\n"), c.renderDiagnostics());
    }
}
