package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code ptdesc view} writes its page when {@code -o} is not a plain file: a FIFO or a
 * device is written through, never replaced by a regular file (the rename that makes a file's
 * page appear whole would otherwise put a file where {@code /dev/full} or a named pipe was), and
 * a write that fails is exit status 3.
 */
class ViewOutputTest {

    @TempDir
    Path tmp;

    private static String[] view(Path output) {
        // A narrow range keeps the page small and the walk short.
        return new String[] {"view", "--desc", CliTest.X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3,
            "--from", "0x400000", "--to", "0x7fffff", "-o", output.toString()};
    }

    @Test
    void aNamedPipeIsWrittenThroughAndStaysAPipe() throws Exception {
        Path fifo = tmp.resolve("page.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "this test needs mkfifo");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "read failed: " + e;
            }
        });
        CliRun run = CliRun.of(view(fifo));
        assertEquals(0, run.status(), run.err());
        assertFalse(Files.isRegularFile(fifo), "the FIFO was replaced by a file");
        String page = reader.get(60, TimeUnit.SECONDS);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, Math.min(80, page.length())));
        assertTrue(page.strip().endsWith("</html>"), "the whole page went through the pipe");
        try (var left = Files.list(tmp)) {
            assertEquals(1, left.count(), "no temporary file is left beside the pipe");
        }
    }

    @Test
    void aFullDeviceIsStatusThreeAndStaysADevice() {
        Path full = Path.of("/dev/full");
        // Only where /dev/full is the character device Linux documents (a regular file there would be overwritten).
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(full) && !Files.isRegularFile(full)
                && !Files.isDirectory(full), "this test needs Linux's /dev/full");
        CliRun run = CliRun.of(view(full));
        assertEquals(3, run.status(), run.err());
        assertTrue(run.err().endsWith("ptdesc: error: cannot write the output: /dev/full: No space left on device\n"),
                run.err());
        assertFalse(Files.isRegularFile(full), "/dev/full was replaced by a file");
    }
}
