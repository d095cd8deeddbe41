package org.ptdesc.compiler.ir;

/**
 * A permission rule: when {@code condition} (over the leaf entry and {@link Expr.Check} inputs:
 * the accumulated attributes, the mode word and the access) is non-zero, the access is denied,
 * and {@code text} (which manual rule it is) is the answer. Rules are tried in order; the
 * first that denies wins.
 */
public record Permission(Expr condition, String text, int line) {

    /** A mode: bits {@code offset + width - 1 .. offset} of the mode word, {@code defaultValue} unless the caller says otherwise. */
    public record Mode(String name, int offset, int width, long defaultValue, String doc) {}
}
