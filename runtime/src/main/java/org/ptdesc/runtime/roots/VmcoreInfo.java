package org.ptdesc.runtime.roots;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads numbers out of VMCOREINFO text as the kernel writes them (include/linux/vmcore_info.h,
 * formerly crash_core.h): {@code VMCOREINFO_SYMBOL} prints {@code SYMBOL(name)=%lx}, hex without
 * a prefix; {@code VMCOREINFO_NUMBER} prints {@code NUMBER(name)=%ld}, signed decimal; the
 * architectures' own lines such as arm64's {@code NUMBER(kimage_voffset)=0x%llx} carry a
 * {@code 0x} prefix. A value that is present but not a number is an error, never a guess.
 */
final class VmcoreInfo {

    private final Map<String, String> pairs;

    VmcoreInfo(Map<String, String> pairs) {
        this.pairs = pairs;
    }

    boolean has(String key) {
        return pairs.containsKey(key);
    }

    /** {@code SYMBOL(name)}: an address, hex. */
    OptionalLong symbol(String name) {
        String key = "SYMBOL(" + name + ")";
        String v = pairs.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(parse(key, v, 16));
    }

    /** {@code NUMBER(name)}: decimal, or hex with {@code 0x}. */
    OptionalLong number(String name) {
        String key = "NUMBER(" + name + ")";
        String v = pairs.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(parse(key, v, 10));
    }

    private static long parse(String key, String value, int radix) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("0x")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            if (radix == 10 && s.startsWith("-")) {
                return Long.parseLong(s);
            }
            return Long.parseUnsignedLong(s, radix);
        } catch (NumberFormatException e) {
            throw new MalformedNote("VMCOREINFO " + key + " is not a number: '" + value + "'");
        }
    }

    /** A VMCOREINFO value that should be a number and is not. */
    static final class MalformedNote extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedNote(String message) {
            super(message);
        }
    }
}
