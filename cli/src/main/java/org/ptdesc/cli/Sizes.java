package org.ptdesc.cli;

/** Byte counts for people: 4 KiB, 2 MiB, 1.5 GiB. */
final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {}

    static String human(long bytes) {
        double v = bytes < 0 ? bytes + 0x1p64 : bytes; // unsigned
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return v == Math.rint(v) ? String.format("%d %s", (long) v, UNITS[u]) : String.format("%.1f %s", v, UNITS[u]);
    }
}
