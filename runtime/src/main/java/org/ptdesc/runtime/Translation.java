package org.ptdesc.runtime;

/**
 * The result of {@link TreeWalker#translateDetailed}: on success the physical address, the
 * level of the leaf, the size of the page it maps, the leaf entry and the accumulated
 * attributes; on failure {@link #pa()} is {@link TreeWalker#NO_MAPPING}, {@link #failure()}
 * says why, {@link #level()} where (-1 when the address was refused before any table was
 * read), {@link #entry()} is the last entry read (or the unreadable physical address for
 * {@link Failure#TABLE_OUTSIDE_MEMORY}) and {@link #message()} the fault rule's text.
 */
public record Translation(
        long va,
        long pa,
        int level,
        long size,
        long entry,
        long attributes,
        Failure failure,
        String message) {

    /** True when the address has a mapping. */
    public boolean mapped() {
        return failure == Failure.NONE;
    }

    /** A successful translation. */
    public static Translation mapped(long va, long pa, int level, long size, long entry, long attributes) {
        return new Translation(va, pa, level, size, entry, attributes, Failure.NONE, "");
    }

    /** A failed translation. */
    public static Translation failed(long va, int level, long entry, Failure failure, String message) {
        return new Translation(va, TreeWalker.NO_MAPPING, level, 0, entry, 0, failure, message);
    }
}
