package org.ptdesc.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses addresses and register values: hexadecimal with or without {@code 0x}, '_' allowed,
 * full 64 bits. Only ASCII hex digits count ({@code Long.parseUnsignedLong} would also take
 * Arabic-Indic or full-width digits).
 */
final class HexConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    static long parse(String value) {
        String s = value.strip().replace("_", "");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || s.length() > 16 || !Digits.allAscii(s, 16)) {
            throw new TypeConversionException("'" + value + "' is not a 64-bit hexadecimal number");
        }
        return Long.parseUnsignedLong(s, 16);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
