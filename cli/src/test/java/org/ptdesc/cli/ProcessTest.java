package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptdesc} as a real process, for what only the operating system can show: a write to
 * {@code /dev/full}, a pipe closed by its reader, a line longer than the heap. The tree walked
 * is a self-referencing root table that maps 2^36 pages: if a failed write did not end the
 * walk, it would run for hours and the timeouts here would fail the test.
 */
class ProcessTest {
    private static final long TIMEOUT_SECONDS = 60; // JVM start and a descriptor compile, on a busy machine

    @TempDir
    Path tmp;

    private List<String> ptdesc(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(Arrays.asList(args));
        return command;
    }

    private String[] hugeWalk() throws IOException {
        Path raw = HostileTrees.selfReferencingX86(tmp);
        return new String[] {"walk", "--desc", Path.of(CliTest.X86).toAbsolutePath().toString(), "--image", raw.toString(),
            "--base", "0", "--root", "0", "--format", "tsv"};
    }

    @Test
    void writingToAFullDeviceIsStatusThreeWithOneLine() throws Exception {
        File full = new File("/dev/full");
        assertTrue(full.exists(), "this test needs Linux's /dev/full");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(ptdesc(hugeWalk())).redirectOutput(full).redirectError(err.toFile()).start();
        boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "the walk must end at the first failed write");
        assertEquals(3, p.exitValue());
        assertEquals("ptdesc: error: cannot write the output: No space left on device\n", Files.readString(err));
    }

    @Test
    void aPipeClosedAfterOneLineEndsTheWalkQuietly() throws Exception {
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(ptdesc(hugeWalk())).redirectError(err.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("va\tpa\tsize\tlevel\tattributes", out.readLine());
        } // closes the pipe, as 'head -1' does
        boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended, "a closed pipe must end the walk promptly");
        assertEquals(141, p.exitValue());
        assertEquals("", Files.readString(err));
    }

    @Test
    void aLineLongerThanTheHeapIsAnErrorLine() throws Exception {
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(ptdesc("translate", "--desc", Path.of(CliTest.X86).toAbsolutePath().toString(),
                "--image", Path.of(CliTest.IMAGE).toAbsolutePath().toString(), "--root", CliTest.CR3))
                .redirectError(err.toFile()).start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            // 256 MiB without a newline into a process with a 64 MiB heap, then one address.
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) '7');
            try (OutputStream in = p.getOutputStream()) {
                for (int i = 0; i < 256; i++) {
                    in.write(block);
                }
                in.write("\n0x7fad6085b607\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // the process ended early; the assertions below say how
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        feeder.join();
        assertTrue(ended);
        String errText = Files.readString(err);
        assertFalse(errText.contains("OutOfMemoryError"), errText);
        assertEquals("7".repeat(40) + "... error: line longer than 4096 bytes\n0x7fad6085b607 0x6e30607\n", out);
        assertEquals(1, p.exitValue(), errText);
    }
}
