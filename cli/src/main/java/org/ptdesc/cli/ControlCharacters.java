package org.ptdesc.cli;

/**
 * Characters that must not reach a terminal or a line-oriented file as they are: C0 and C1
 * controls, DEL, and the Unicode bidirectional overrides and isolates (which can make text
 * read differently from what it is). Text from descriptors, images and the command line can
 * contain any of them; they leave the tool as visible escapes, such as {@code \x1b} for ESC.
 */
final class ControlCharacters {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ControlCharacters() {}

    /** True for a character that is never written as it is. */
    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * One field of output (a fault message, a name, an echoed input line) as a single line
     * without tabs: controls, tab, newline and the backslash itself escaped, so that the
     * escape is unambiguous and a TSV row stays one row with the same columns.
     */
    static String escape(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (isControl(c)) {
                        appendEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /**
     * A message for people as one line: controls, tab and newline escaped, backslashes kept
     * (a path such as {@code C:\dir} stays readable).
     */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (isControl(c)) {
                        appendEscape(sb, c);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return c == '\\' || isControl(c);
    }

    /** Appends a backslash escape: x and two hex digits below 0x100, u and four hex digits above. */
    static void appendEscape(StringBuilder sb, char c) {
        if (c < 0x100) {
            sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
        } else {
            sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
        }
    }
}
