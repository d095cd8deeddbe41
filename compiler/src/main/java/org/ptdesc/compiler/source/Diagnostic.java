package org.ptdesc.compiler.source;

/**
 * One located message about a descriptor. It carries the text of its source line so that it can
 * be rendered long after the source is gone (for example by the command-line tool or the Maven
 * plugin), in the format of C compilers: {@code file:line:col: error: message [P300]} (the code in
 * brackets at the end, as gcc names its warning options), the source line, and a caret line with {@code ^} under the first character of the offending token and
 * {@code ~} under the rest.
 *
 * @param sourceLine the source line, or a window of a very long one
 * @param caretColumn the 1-based column of the span's start in {@code sourceLine} (the span's
 *     column unless the line was cut)
 */
public record Diagnostic(Severity severity, DiagnosticCode code, SourceSpan span, String message, String sourceLine,
        int caretColumn) {

    /** Renders this diagnostic (one line when it has no position, three otherwise; no final newline). */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(span.location()).append(": ").append(severity.label()).append(": ").append(message)
                .append(" [").append(code.code()).append(']');
        if (span.hasPosition()) {
            String shown = printable(sourceLine);
            sb.append('\n').append(shown).append('\n');
            int[] cps = shown.codePoints().toArray();
            for (int i = 0; i < caretColumn - 1; i++) {
                // Tabs stay tabs so the caret lines up under the token whatever the tab width.
                sb.append(i < cps.length && cps[i] == '\t' ? '\t' : ' ');
            }
            sb.append('^');
            int length = Math.min(span.length(), Math.max(1, cps.length - caretColumn + 1));
            for (int i = 1; i < length; i++) {
                sb.append('~');
            }
        }
        return sb.toString();
    }

    /** The source line with control characters replaced, so binary input cannot garble a terminal. */
    private static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        line.codePoints().forEach(c -> {
            if ((c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append('?');
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** True for errors. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return render();
    }
}
