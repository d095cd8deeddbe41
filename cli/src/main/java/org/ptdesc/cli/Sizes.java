package org.ptdesc.cli;

import java.math.BigInteger;
import java.util.Locale;

/**
 * Byte counts for people: 4 KiB, 2 MiB, 1.5 GiB, up to 16 EiB (all of a 64-bit address space).
 * Sizes are unsigned: a 2^63-byte leaf is 8 EiB, not negative; totals are {@link BigInteger}s,
 * since several roots together can map more than 2^64 bytes.
 */
final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB"};
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    private Sizes() {}

    /** A size held as an unsigned 64-bit number. */
    static String human(long unsignedBytes) {
        return human(unsigned(unsignedBytes));
    }

    static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(TWO_TO_64) : b;
    }

    static String human(BigInteger bytes) {
        double v = bytes.doubleValue();
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d %s", (long) v, UNITS[u])
                : String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
