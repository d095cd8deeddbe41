package org.ptdesc.compiler.syntax;

import java.util.OptionalLong;

/**
 * Reads integer literals: decimal, {@code 0x} hexadecimal or {@code 0b} binary, with {@code _}
 * separators, unsigned 64-bit. Length is checked before parsing, so a literal of a million digits
 * costs no more than its scan.
 */
public final class IntegerLiteral {

    private IntegerLiteral() {}

    /** The value, or empty when the literal does not fit in 64 bits (or is malformed). */
    public static OptionalLong parse(String text) {
        String t = text.replace("_", "");
        int radix = 10;
        if (t.length() > 1 && (t.charAt(1) == 'x' || t.charAt(1) == 'X')) {
            radix = 16;
            t = t.substring(2);
        } else if (t.length() > 1 && (t.charAt(1) == 'b' || t.charAt(1) == 'B')) {
            radix = 2;
            t = t.substring(2);
        }
        int i = 0;
        while (i < t.length() - 1 && t.charAt(i) == '0') {
            i++;
        }
        t = t.substring(i);
        int maxDigits = switch (radix) {
            case 16 -> 16;
            case 2 -> 64;
            default -> 20;
        };
        if (t.isEmpty() || t.length() > maxDigits) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(t, radix));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
