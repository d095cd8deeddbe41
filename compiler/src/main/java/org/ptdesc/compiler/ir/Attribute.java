package org.ptdesc.compiler.ir;

/**
 * An attribute in the packed attribute word: bits {@code offset + width - 1 .. offset},
 * accumulated with {@code operator}. Boolean attributes have width 1.
 */
public record Attribute(String name, int offset, int width, Operator operator, boolean bool, String doc) {

    /** How values combine down the walk. */
    public enum Operator {
        /** Every level must allow it (x86 R/W, U/S). */
        AND,
        /** Any level can set it (x86 NX). */
        OR,
        /** The lowest level that gives a value wins. */
        SET;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Mask of this attribute's bits in the packed word. */
    public long mask() {
        return (width == 64 ? -1L : (1L << width) - 1) << offset;
    }
}
