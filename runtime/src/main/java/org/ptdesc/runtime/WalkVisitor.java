package org.ptdesc.runtime;

/**
 * Receives the events of {@link TreeWalker#walk}: in address order, every leaf, every hole
 * (a run of entries that map nothing), every table entered ({@link #pre}) and left
 * ({@link #post}), and every fault. Levels are numbered from 0 for the top (root) table.
 * Only {@link #leaf} must be written; the other events continue the walk by default.
 * Ranges are inclusive and unsigned, so {@code last = 0xffff_ffff_ffff_ffffL} is valid.
 */
public interface WalkVisitor {

    /**
     * A mapping: {@code size} bytes from {@code va} map to {@code pa}. {@code entry} is the raw
     * leaf entry, {@code attributes} the attributes accumulated over the walk (packed as
     * {@link TreeInfo#attributes()} describes). Return false to stop the walk.
     */
    boolean leaf(long va, long pa, long size, int level, long entry, long attributes);

    /** {@code first..last} maps nothing: its entries at {@code level} are invalid. */
    default boolean hole(long first, long last, int level) {
        return true;
    }

    /**
     * The walk is about to enter the table at physical address {@code table}, whose entries
     * are at {@code level} and cover {@code first..last}.
     */
    default Action pre(long first, long last, int level, long table) {
        return Action.CONTINUE;
    }

    /** The walk has left the table entered by the matching {@link #pre}. */
    default boolean post(long first, long last, int level, long table) {
        return true;
    }

    /**
     * {@code first..last} cannot be walked: the entry at {@code level} matched a fault rule
     * ({@code kind} {@link Failure#FAULT}, {@code message} the rule's text), matched no rule,
     * or its table could not be read ({@link Failure#TABLE_OUTSIDE_MEMORY}, {@code entry} then
     * holds the physical address that could not be read).
     */
    default boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        return true;
    }

    /**
     * A mapping that the access given to an access-checked walk may not use: the arguments of
     * {@link #leaf}, plus the index and text of the permission rule that denies it. Return false
     * to stop the walk.
     */
    default boolean denied(long va, long pa, long size, int level, long entry, long attributes, int rule,
            String text) {
        return true;
    }

    /** What {@link #pre} asks the walker to do with the table it is about to enter. */
    enum Action {
        /** Walk the table. */
        CONTINUE,
        /** Do not walk the table; no {@link #post} follows. */
        SKIP,
        /** End the whole walk. */
        STOP
    }
}
