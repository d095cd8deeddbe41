package org.ptdesc.cli;

import java.io.IOException;
import java.util.Locale;

/**
 * Standard output could not be written: the reader closed the pipe (a {@code | head} that has
 * seen enough, ended quietly) or the write failed (a full disk, {@code /dev/full}: exit status
 * 3 and a message). Unchecked, so that it ends a walk from inside a visitor.
 */
final class OutputFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean closedPipe;

    private OutputFailure(String message, boolean closedPipe, IOException cause) {
        super(message, cause);
        this.closedPipe = closedPipe;
    }

    static OutputFailure of(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        // The JDK reports EPIPE only through strerror's text; there is no errno to test.
        boolean closed = message.toLowerCase(Locale.ROOT).contains("broken pipe");
        return new OutputFailure(message, closed, e);
    }

    /** True when the reader has gone away: not an error, the command just stops. */
    boolean closedPipe() {
        return closedPipe;
    }
}
