package org.ptdesc.maven.build;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the {@code <parameters>} of a plugin configuration ({@code <MAXPHYADDR>46</MAXPHYADDR>})
 * into the values that override a descriptor's {@code param}s, written as in descriptors:
 * decimal, {@code 0x} hexadecimal or {@code 0b} binary, with optional {@code _} separators, up
 * to 64 bits unsigned.
 */
public final class ParameterValues {

    private ParameterValues() {}

    /** The parsed values, by name. @throws IllegalArgumentException naming the first bad value */
    public static Map<String, Long> parse(Map<String, String> raw) {
        Map<String, Long> values = new TreeMap<>();
        if (raw == null) {
            return values;
        }
        raw.forEach((name, text) -> values.put(name, parse(name, text)));
        return values;
    }

    static long parse(String name, String text) {
        String t = text == null ? "" : text.strip().replace("_", "").toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("0x")) {
                return Long.parseUnsignedLong(t.substring(2), 16);
            }
            if (t.startsWith("0b")) {
                return Long.parseUnsignedLong(t.substring(2), 2);
            }
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("ptdesc: parameter " + name + " = '" + text
                    + "' is not a number (decimal, 0x hex or 0b binary, at most 64 bits)", e);
        }
    }
}
