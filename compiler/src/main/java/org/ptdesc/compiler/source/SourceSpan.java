package org.ptdesc.compiler.source;

/**
 * A located piece of a source file: the file name as the user gave it, the 1-based line and
 * column of its first character (columns count Unicode code points) and its length on that line.
 * Line 0 means "the file as a whole" (for example a file that cannot be read).
 */
public record SourceSpan(String fileName, int line, int column, int length) {

    public SourceSpan {
        length = Math.max(1, length);
    }

    /** A span naming a whole file, without a position in it. */
    public static SourceSpan ofFile(String fileName) {
        return new SourceSpan(fileName, 0, 0, 1);
    }

    /** True when this span points at a line and column. */
    public boolean hasPosition() {
        return line > 0 && column > 0;
    }

    /** {@code file:line:col}, or just the file name when there is no position. */
    public String location() {
        return hasPosition() ? fileName + ":" + line + ":" + column : fileName;
    }
}
