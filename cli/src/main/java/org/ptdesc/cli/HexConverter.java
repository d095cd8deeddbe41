package org.ptdesc.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses addresses and register values: hexadecimal with or without {@code 0x}, '_' allowed, full 64 bits. */
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
        if (s.isEmpty() || s.length() > 16) {
            throw new TypeConversionException("'" + value + "' is not a 64-bit hexadecimal number");
        }
        try {
            return Long.parseUnsignedLong(s, 16);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a 64-bit hexadecimal number");
        }
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
