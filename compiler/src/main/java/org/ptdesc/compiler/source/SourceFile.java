package org.ptdesc.compiler.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text of one descriptor file, held as Unicode code points because the ANTLR character
 * stream indexes code points; line starts are computed once so that a character offset maps to
 * a line and column in constant time, whatever line-ending style the file uses.
 */
public final class SourceFile {

    private final String name;
    private final int[] codePoints;
    private final int[] lineStarts;

    /** A file named {@code name} (as shown in diagnostics) with the given text. */
    public SourceFile(String name, String text) {
        this.name = name;
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.codePoints = t.codePoints().toArray();
        this.lineStarts = computeLineStarts(codePoints);
    }

    /** Decodes bytes as UTF-8; malformed bytes become U+FFFD so that binary data still lexes. */
    public static SourceFile fromBytes(String name, byte[] bytes) {
        return new SourceFile(name, new String(bytes, StandardCharsets.UTF_8));
    }

    private static int[] computeLineStarts(int[] cps) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            boolean newline = c == '\n' || (c == '\r' && (i + 1 >= cps.length || cps[i + 1] != '\n'));
            if (newline) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    /** The name shown in diagnostics. */
    public String name() {
        return name;
    }

    /** The text, without a leading byte-order mark. */
    public String text() {
        return new String(codePoints, 0, codePoints.length);
    }

    /** Number of code points. */
    public int length() {
        return codePoints.length;
    }

    /** Number of lines (an empty file has one, empty, line). */
    public int lineCount() {
        return lineStarts.length;
    }

    /** The 1-based line holding code point {@code offset}. */
    public int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, Math.clamp(offset, 0, codePoints.length));
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** The text of 1-based line {@code line}, without its line terminator. */
    public String lineText(int line) {
        if (line < 1 || line > lineStarts.length) {
            return "";
        }
        int start = lineStarts[line - 1];
        int end = lineEnd(line);
        return new String(codePoints, start, end - start);
    }

    private int lineEnd(int line) {
        int end = line < lineStarts.length ? lineStarts[line] : codePoints.length;
        while (end > lineStarts[line - 1] && (codePoints[end - 1] == '\n' || codePoints[end - 1] == '\r')) {
            end--;
        }
        return end;
    }

    /**
     * The span of code points {@code [start, end)}, clipped to the line it starts on so that a
     * caret line never runs past its source line.
     */
    public SourceSpan span(int start, int end) {
        int s = Math.clamp(start, 0, codePoints.length);
        int line = lineOf(s);
        int column = s - lineStarts[line - 1] + 1;
        int lineEnd = lineEnd(line);
        int e = Math.min(Math.max(end, s + 1), Math.max(lineEnd, s + 1));
        return new SourceSpan(name, line, column, e - s);
    }

    /** A span of one column just after code point {@code end - 1} (where something is missing). */
    public SourceSpan pointAfter(int end) {
        return span(end, end + 1);
    }
}
