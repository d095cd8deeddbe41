package org.ptdesc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a standard stream (1 for output, 2 for error) is a terminal, which decides only
 * whether progress is drawn. Java has no isatty: {@code System.console()} describes standard
 * input and output together, not standard error. On Linux the stream's {@code /proc} link
 * names its device; where that cannot be read the answer is no, and no progress is drawn.
 */
final class Terminal {
    private Terminal() {}

    static boolean isTerminal(int fd) {
        try {
            String device = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty") || device.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
