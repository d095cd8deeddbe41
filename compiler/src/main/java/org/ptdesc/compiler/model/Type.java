package org.ptdesc.compiler.model;

import java.util.Locale;

/**
 * The two types of the language, plus {@code ANY} for a term that already failed to check: it
 * is accepted wherever a type is expected, so one mistake gives one diagnostic.
 */
public enum Type {
    INT, BOOL, ANY;

    /** True when a value of this type can stand where {@code wanted} is expected. */
    public boolean fits(Type wanted) {
        return this == ANY || wanted == ANY || this == wanted;
    }

    /** The name users read: {@code int} or {@code bool}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
