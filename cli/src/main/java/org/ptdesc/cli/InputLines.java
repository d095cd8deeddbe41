package org.ptdesc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines of standard input, each read into at most {@link #MAX_BYTES} bytes: a longer line is
 * reported as too long (its start kept for the message) and skipped to its end, so a
 * gigabyte without a newline costs no memory. Bytes that are not UTF-8 become U+FFFD. Before
 * waiting for more input it runs {@code beforeWaiting}, so that answers to the lines read so
 * far are flushed to a reader that waits for them (a co-process) rather than held in a buffer.
 */
final class InputLines {
    static final int MAX_BYTES = 4096;

    /** One line without its terminator; {@code tooLong} when only its start is kept. */
    record Line(String text, boolean tooLong) {}

    private final InputStream in;
    private final Runnable beforeWaiting;
    private final byte[] buffer = new byte[1 << 16];
    private final byte[] line = new byte[MAX_BYTES];
    private int pos;
    private int end;
    private boolean eof;

    InputLines(InputStream in, Runnable beforeWaiting) {
        this.in = in;
        this.beforeWaiting = beforeWaiting;
    }

    /** The next line, or null at the end of the input. */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                return any ? finish(length, tooLong) : null;
            }
            any = true;
            byte b = buffer[pos++];
            if (b == '\n') {
                return finish(length, tooLong);
            }
            if (length < MAX_BYTES) {
                line[length++] = b;
            } else {
                tooLong = true;
            }
        }
    }

    private Line finish(int length, boolean tooLong) {
        return new Line(new String(line, 0, length, StandardCharsets.UTF_8), tooLong);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        beforeWaiting.run();
        int n = in.read(buffer);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }
}
