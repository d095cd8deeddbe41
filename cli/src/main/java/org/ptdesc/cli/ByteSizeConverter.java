package org.ptdesc.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses a byte count for limits: a decimal number with an optional binary unit, {@code K},
 * {@code M}, {@code G} or {@code T} (or {@code KiB} ... {@code TiB}), so {@code 64G} is
 * 64 × 2^30 bytes.
 */
final class ByteSizeConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        String s = value.strip().toUpperCase(java.util.Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        int shift = 0;
        if (!s.isEmpty()) {
            shift = switch (s.charAt(s.length() - 1)) {
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> 0;
            };
        }
        String digits = shift == 0 ? s : s.substring(0, s.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n <= 0 || n > Long.MAX_VALUE >> shift) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a positive size (for example 512M, 64G)");
        }
    }
}
