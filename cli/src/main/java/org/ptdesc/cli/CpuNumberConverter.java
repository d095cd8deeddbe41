package org.ptdesc.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses {@code --cpu N}: a CPU's number as the image's notes count them, from 0, in ASCII
 * decimal digits; anything else (a sign, a non-ASCII digit, a value past {@code int}) is a usage
 * error, like every other malformed number.
 */
final class CpuNumberConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
        String s = value.strip();
        if (s.isEmpty() || s.length() > 9 || !Digits.allAscii(s, 10)) {
            throw new TypeConversionException("'" + value + "' is not a CPU number (0, 1, 2, ...)");
        }
        return Integer.parseInt(s);
    }
}
