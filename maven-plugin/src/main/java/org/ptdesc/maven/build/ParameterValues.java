package org.ptdesc.maven.build;

import java.util.List;
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

    /**
     * The overrides of a configuration: {@code <parameters>} and the entries of
     * {@code <descriptorParameters>}, in order, as (descriptor, values) pairs. Descriptor paths
     * are taken as {@code includes} are: relative to the source directory, {@code \\} or
     * {@code /} separators, an optional leading {@code ./}.
     *
     * @throws IllegalArgumentException for a bad value, an entry without a descriptor or a
     *     descriptor listed twice
     */
    public static ParameterOverrides overrides(Map<String, String> pluginWide,
                                               List<Map.Entry<String, Map<String, String>>> perDescriptor) {
        Map<String, Map<String, Long>> values = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> entry : perDescriptor) {
            String descriptor = entry.getKey() == null ? "" : entry.getKey().strip().replace('\\', '/');
            while (descriptor.startsWith("./")) {
                descriptor = descriptor.substring(2);
            }
            if (descriptor.isEmpty()) {
                throw new IllegalArgumentException("ptdesc: a <descriptorParameter> has no <descriptor>");
            }
            if (values.put(descriptor, parse(entry.getValue())) != null) {
                throw new IllegalArgumentException("ptdesc: <descriptorParameters> lists " + descriptor
                        + " twice; give all its parameters in one <descriptorParameter>");
            }
        }
        return new ParameterOverrides(parse(pluginWide), values);
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
