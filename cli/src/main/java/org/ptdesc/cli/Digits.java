package org.ptdesc.cli;

/** ASCII digits of a radix: what a number on the command line may be made of. */
final class Digits {
    private Digits() {}

    /** True if every character of {@code s} is an ASCII digit of {@code radix} (2, 10 or 16). */
    static boolean allAscii(String s, int radix) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c < 0x80 && Character.digit(c, radix) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
