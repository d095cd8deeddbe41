package org.ptdesc.runtime;

/** Why a translation found no mapping, or why part of a walk could not be walked. */
public enum Failure {
    /** The translation succeeded. */
    NONE,
    /** The address is outside every walkable range of the tree (for example non-canonical). */
    OUT_OF_RANGE,
    /** An entry matched an {@code invalid} rule: nothing is mapped there. */
    NOT_PRESENT,
    /** An entry matched a {@code fault} rule (reserved bits, a misaligned superpage, ...). */
    FAULT,
    /** An entry matched no rule of its level. */
    NO_RULE,
    /** A table (or the entry in it) lies outside every range of the memory image. */
    TABLE_OUTSIDE_MEMORY,
    /**
     * The address is mapped, but a permission rule of the tree denies the access checked
     * ({@link Translation#rule()} is its index, {@link Translation#message()} its text).
     */
    DENIED
}
