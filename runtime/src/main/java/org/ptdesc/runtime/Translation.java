package org.ptdesc.runtime;

/**
 * The result of {@link TreeWalker#translateDetailed}: on success the physical address, the
 * level of the leaf, the size of the page it maps, the leaf entry and the accumulated
 * attributes; on failure {@link #pa()} is {@link TreeWalker#NO_MAPPING}, {@link #failure()}
 * says why, {@link #level()} where (-1 when the address was refused before any table was
 * read), {@link #entry()} is the last entry read (or the unreadable physical address for
 * {@link Failure#TABLE_OUTSIDE_MEMORY}) and {@link #message()} the fault rule's text. A
 * translation checked for an access and refused by a permission rule has {@link #pa()}
 * {@link TreeWalker#DENIED}, failure {@link Failure#DENIED}, the leaf's level, size, entry and
 * attributes, {@link #rule()} the index of the denying rule in {@link TreeInfo#permissions()}
 * and {@link #message()} its text; {@link #rule()} is -1 otherwise.
 */
public record Translation(
        long va,
        long pa,
        int level,
        long size,
        long entry,
        long attributes,
        Failure failure,
        String message,
        int rule) {

    /** A translation that no permission rule took part in (the form before access checks). */
    public Translation(long va, long pa, int level, long size, long entry, long attributes, Failure failure,
            String message) {
        this(va, pa, level, size, entry, attributes, failure, message, -1);
    }

    /** True when the address has a mapping (and, when an access was checked, the access is allowed). */
    public boolean mapped() {
        return failure == Failure.NONE;
    }

    /** True when a permission rule denied the access. */
    public boolean denied() {
        return failure == Failure.DENIED;
    }

    /** A successful translation. */
    public static Translation mapped(long va, long pa, int level, long size, long entry, long attributes) {
        return new Translation(va, pa, level, size, entry, attributes, Failure.NONE, "");
    }

    /** A failed translation. */
    public static Translation failed(long va, int level, long entry, Failure failure, String message) {
        return new Translation(va, TreeWalker.NO_MAPPING, level, 0, entry, 0, failure, message);
    }

    /** {@code mapped}, with the access refused by permission rule {@code rule}, whose text is {@code text}. */
    public static Translation denied(Translation mapped, int rule, String text) {
        return new Translation(mapped.va(), TreeWalker.DENIED, mapped.level(), mapped.size(), mapped.entry(),
                mapped.attributes(), Failure.DENIED, text, rule);
    }
}
