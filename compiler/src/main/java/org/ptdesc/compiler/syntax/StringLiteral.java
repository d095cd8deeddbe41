package org.ptdesc.compiler.syntax;

/** The value of a string literal: quotes removed, {@code \n}, {@code \t}, {@code \"} and {@code \\} decoded. */
final class StringLiteral {

    private StringLiteral() {}

    static String value(String token) {
        String body = token.substring(1, token.length() - 1);
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                sb.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
