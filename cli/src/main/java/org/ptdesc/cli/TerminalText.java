package org.ptdesc.cli;

/**
 * Text from an image or a descriptor made safe to print: control characters (which a hostile
 * note could use to move the cursor or rewrite a terminal's title) are shown as escapes such
 * as {@code \n} or {@code \x1b}, and backslashes are doubled so that the escapes stay
 * unambiguous.
 */
final class TerminalText {
    private TerminalText() {}

    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                        ? String.format("\\x%02x", (int) c & 0xff) + (c > 0xff ? "?" : "") : null;
            };
            if (rep != null && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (rep != null) {
                    sb.append(rep);
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
