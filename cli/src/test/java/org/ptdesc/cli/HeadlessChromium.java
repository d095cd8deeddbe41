package org.ptdesc.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for the page tests: loads a file with the network machinery off, and returns
 * the DOM after the page's scripts ran, takes a screenshot, or starts a {@link DevToolsSession}. Where Chromium is not installed the
 * calling test is skipped, loudly, never passed.
 */
final class HeadlessChromium {
    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** The installed Chromium, or a skipped test. */
    static HeadlessChromium required() {
        Path found = null;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dir, name);
                if (found == null && Files.isExecutable(p)) {
                    found = p;
                }
            }
        }
        if (found == null) {
            System.err.println("WARNING: Chromium is not installed (apt-get install chromium); the browser tests of"
                    + " ptdesc view are SKIPPED, not passed.");
        }
        assumeTrue(found != null, "Chromium is not installed: browser test skipped");
        return new HeadlessChromium(found);
    }

    /** A browser with a {@code width}x{@code height} window, driven over the DevTools protocol. */
    DevToolsSession devTools(Path work, int width, int height) throws IOException, InterruptedException {
        return DevToolsSession.start(binary, work, width, height);
    }

    /** What the browser printed: the DOM (or nothing, for screenshots) and its log. */
    record Result(String dom, String log) {}

    /** The DOM of {@code page} after its scripts ran. */
    Result dumpDom(Path page, Path work) throws IOException, InterruptedException {
        return run(work, "--dump-dom", page.toUri().toString());
    }

    /** Takes a 1400x900 screenshot of {@code page} into {@code png}. */
    Result screenshot(Path page, Path png, Path work) throws IOException, InterruptedException {
        return run(work, "--screenshot=" + png.toAbsolutePath(), "--window-size=1400,900", "--hide-scrollbars",
                page.toUri().toString());
    }

    private Result run(Path work, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path out = work.resolve("chromium.out");
        Path log = work.resolve("chromium.log");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000",
                "--user-data-dir=" + profile.toAbsolutePath()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
        // Its helper processes may outlive it and keep writing into the profile, which the test's
        // temporary directory must be able to delete: they are ended with it.
        List<ProcessHandle> helpers = new ArrayList<>();
        boolean finished = p.waitFor(90, TimeUnit.SECONDS);
        helpers.addAll(p.descendants().toList());
        if (!finished) {
            p.destroyForcibly().waitFor();
        }
        for (ProcessHandle h : helpers) {
            h.destroy();
            try {
                h.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        if (!finished) {
            throw new AssertionError("Chromium did not finish within 90 s");
        }
        return new Result(Files.readString(out), Files.readString(log));
    }
}
