package org.ptdesc.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where every command's text goes: standard output and standard error, as picocli's writers
 * wrap it. Unlike a {@code PrintStream} it does not swallow I/O errors, escapes control
 * characters, and buffers.
 * <ul>
 * <li>Standard output {@linkplain #reporting reports} a failed write by throwing
 * {@link OutputFailure}, which ends the command (exit status 3, or quietly for a closed pipe);
 * standard error {@linkplain #discarding discards} what it cannot write, having nowhere to
 * say so.
 * <li>Control characters other than newline and tab are written as visible escapes (see
 * {@link ControlCharacters}), whatever command or library produced the text.
 * <li>Text is buffered in 64 KiB blocks; the command line flushes at the end of a command.
 * Standard error flushes standard output first, so the two stay in order on a terminal.
 * <li>Before writing, it clears the {@link StatusLine}, so progress is never mixed into text.
 * </ul>
 */
final class Output extends Writer {
    private static final int BLOCK = 1 << 16;
    /** Windows ends lines with CR LF; elsewhere a carriage return is a control like any other. */
    private static final boolean CR_ENDS_LINES = System.lineSeparator().indexOf('\r') >= 0;

    private final OutputStream stream;
    private final StatusLine statusLine;
    private final boolean reportFailures;
    private final Output before;
    private final StringBuilder buffer = new StringBuilder(BLOCK + 256);
    private OutputFailure failure;

    private Output(OutputStream stream, StatusLine statusLine, boolean reportFailures, Output before) {
        this.stream = stream;
        this.statusLine = statusLine;
        this.reportFailures = reportFailures;
        this.before = before;
    }

    /** Standard output: a failed write throws {@link OutputFailure}, now and on every later write. */
    static Output reporting(OutputStream stream, StatusLine statusLine) {
        return new Output(stream, statusLine, true, null);
    }

    /** Standard error: flushes {@code before} first, and drops what cannot be written. */
    static Output discarding(OutputStream stream, StatusLine statusLine, Output before) {
        return new Output(stream, statusLine, false, before);
    }

    @Override
    public void write(int c) {
        put((char) c);
        drainIfFull();
    }

    @Override
    public void write(char[] chars, int off, int len) {
        write(CharBuffer.wrap(chars), off, len);
    }

    @Override
    public void write(String s, int off, int len) {
        write((CharSequence) s, off, len);
    }

    /**
     * Appends the characters that need no escape a run at a time: a listing of a large tree is
     * hundreds of megabytes of text, and appending it a character at a time made this, the one
     * thread that writes, slower than the threads that format it.
     */
    private void write(CharSequence s, int off, int len) {
        int run = off;
        for (int i = off, end = off + len; i < end; i++) {
            char c = s.charAt(i);
            if (!plain(c)) {
                buffer.append(s, run, i);
                ControlCharacters.appendEscape(buffer, c);
                run = i + 1;
            }
        }
        buffer.append(s, run, off + len);
        drainIfFull();
    }

    private void put(char c) {
        if (plain(c)) {
            buffer.append(c);
        } else {
            ControlCharacters.appendEscape(buffer, c);
        }
    }

    /** Whether {@code c} is written as it is: not a control character, or one that lays out lines. */
    static boolean plain(char c) {
        return c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' || (c == '\r' && CR_ENDS_LINES) || !ControlCharacters.isControl(c);
    }

    private void drainIfFull() {
        if (buffer.length() >= BLOCK) {
            drain();
        }
    }

    /**
     * Writes bytes that are already UTF-8 text whose controls are escaped as this writer
     * escapes them ({@link ListingText}), after every character written before: a listing
     * formatted by other threads is written with one copy.
     */
    void writeEncoded(byte[] bytes, int off, int len) {
        drain(false);
        if (failure != null || len == 0) {
            return;
        }
        if (before != null) {
            try {
                before.flush();
            } catch (OutputFailure ignored) {
                // standard output's own next write or final flush reports it
            }
        }
        statusLine.clear();
        try {
            stream.write(bytes, off, len);
        } catch (IOException e) {
            fail(e);
        }
        rethrow();
    }

    @Override
    public void flush() {
        drain();
        if (failure == null) {
            try {
                stream.flush();
            } catch (IOException e) {
                fail(e);
            }
        }
        rethrow();
    }

    @Override
    public void close() {
        flush();
    }

    private void drain() {
        drain(true);
    }

    /** Writes the buffer; {@code keepHighSurrogate}: all but a last high surrogate, whose low half may follow. */
    private void drain(boolean keepHighSurrogate) {
        rethrow();
        if (failure != null || buffer.isEmpty()) {
            buffer.setLength(0);
            return;
        }
        if (before != null) {
            try {
                before.flush();
            } catch (OutputFailure ignored) {
                // standard output's own next write or final flush reports it
            }
        }
        // Keep a high surrogate whose low half has not arrived yet, so the pair is encoded whole.
        int end = keepHighSurrogate && Character.isHighSurrogate(buffer.charAt(buffer.length() - 1))
                ? buffer.length() - 1 : buffer.length();
        byte[] bytes = buffer.substring(0, end).getBytes(StandardCharsets.UTF_8);
        buffer.delete(0, end);
        statusLine.clear();
        try {
            stream.write(bytes);
        } catch (IOException e) {
            fail(e);
        }
        rethrow();
    }

    private void fail(IOException e) {
        failure = OutputFailure.of(e);
        buffer.setLength(0);
    }

    private void rethrow() {
        if (failure != null && reportFailures) {
            throw failure;
        }
    }
}
