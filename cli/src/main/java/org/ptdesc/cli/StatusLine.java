package org.ptdesc.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A transient line on a terminal's standard error, such as a walk's progress, redrawn in place
 * with a carriage return. Every {@link Output} clears it before it writes, so nothing else is
 * ever printed into it. {@link #NONE} draws nothing (standard error is not a terminal).
 */
class StatusLine {
    /** The status line of a standard error that is not a terminal: never drawn. */
    static final StatusLine NONE = new StatusLine(OutputStream.nullOutputStream()) {
        @Override
        void show(String text) {}
    };

    private final OutputStream terminal;
    private int shownWidth;

    StatusLine(OutputStream terminal) {
        this.terminal = terminal;
    }

    /** Draws {@code text} (our own, without controls) in place of what the line showed. */
    void show(String text) {
        String padding = " ".repeat(Math.max(0, shownWidth - text.length()));
        if (emit("\r" + text + padding)) {
            shownWidth = text.length();
        }
    }

    /** Erases the line if it is shown, leaving the cursor at its start. */
    void clear() {
        if (shownWidth > 0) {
            emit("\r" + " ".repeat(shownWidth) + "\r");
            shownWidth = 0;
        }
    }

    private boolean emit(String s) {
        try {
            terminal.write(s.getBytes(StandardCharsets.UTF_8));
            terminal.flush();
            return true;
        } catch (IOException e) {
            return false; // progress is a courtesy; a terminal that fails is no reason to stop
        }
    }
}
