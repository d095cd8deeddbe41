package org.ptdesc.runtime;

/**
 * Receives the events of {@link NestedWalker#walk}: the guest's address space in address order,
 * with host physical addresses. A guest page is reported in pieces where stage 2 maps its guest
 * physical range with smaller pages (a guest 2 MiB page over 4 KiB stage 2 pages gives up to 512
 * leaves), and the pieces stage 2 does not map are holes or faults of {@link
 * NestedTranslation.Stage#HOST}. Only {@link #leaf} must be written; the other events continue
 * the walk by default. Ranges are inclusive and unsigned.
 */
public interface NestedVisitor {

    /**
     * {@code size} bytes from guest virtual {@code va} map to host physical {@code pa}, through
     * guest physical {@code gpa}: the guest leaf at {@code guestLevel} (entry and accumulated
     * attributes) and the stage 2 leaf at {@code hostLevel} (entry and attributes). Return false
     * to stop the walk.
     */
    boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry, long guestAttributes,
            int hostLevel, long hostEntry, long hostAttributes);

    /**
     * {@code first..last} maps nothing: the guest's entries at {@code level} are invalid
     * ({@code stage} GUEST), or stage 2 has invalid entries at {@code level} for the guest
     * physical addresses they map to ({@code stage} HOST).
     */
    default boolean hole(long first, long last, NestedTranslation.Stage stage, int level) {
        return true;
    }

    /**
     * {@code first..last} cannot be walked. With {@code stage} GUEST, a guest entry at
     * {@code guestLevel} matched a fault rule or no rule ({@code entry} the guest entry), or a
     * guest table lies outside host memory ({@code entry} the host physical address). With
     * {@code stage} HOST, stage 2 failed with {@code kind} at {@code hostLevel} for guest
     * physical address {@code entry}: the guest table entry's at {@code guestLevel}, or, with
     * {@code guestLevel} -1, the guest pages' own.
     */
    default boolean fault(long first, long last, NestedTranslation.Stage stage, int guestLevel, int hostLevel,
            long entry, Failure kind, String message) {
        return true;
    }

    /**
     * The walk is about to enter the guest table at guest physical {@code table} (host physical
     * {@code hostTable} of its first entry in range), whose entries are at {@code level} and
     * cover {@code first..last}.
     */
    default WalkVisitor.Action pre(long first, long last, int level, long table, long hostTable) {
        return WalkVisitor.Action.CONTINUE;
    }

    /** The walk has left the guest table entered by the matching {@link #pre}. */
    default boolean post(long first, long last, int level, long table) {
        return true;
    }
}
