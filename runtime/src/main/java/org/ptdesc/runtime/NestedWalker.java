package org.ptdesc.runtime;

/**
 * A nested (two-dimensional) walker: a guest's tree (stage 1) whose table reads and output
 * addresses are translated by a stage 2 tree (Intel EPT, AMD nested paging, AArch64 stage 2,
 * RISC-V G-stage) over host physical memory. Every address it returns is host physical.
 * Roots are raw register values in declaration order: the guest's (CR3, satp, TTBRn_EL1) and
 * the stage 2 tree's (EPTP, nCR3, VTTBR_EL2, hgatp). Like {@link TreeWalker}, stateless and
 * thread-safe, without locks.
 *
 * <p>Access checks (both stages' permission rules for a given access) are not part of this
 * interface yet: they come as overloads taking an access, beside the plain forms here.
 */
public interface NestedWalker {

    /** The guest's (stage 1) tree. */
    TreeInfo guestInfo();

    /** The stage 2 tree. */
    TreeInfo hostInfo();

    /**
     * The layout of the combined word ({@link NestedTranslation#combined()}): the attributes the
     * stage 2 tree's {@code combined} declarations compute from both stages' leaves (EPT's
     * effective memory type from the guest's PAT type, AArch64's permissions from S2AP and AP),
     * with operator {@code combined}; empty when there are none (the default).
     */
    default java.util.List<TreeInfo.AttributeInfo> combinedAttributes() {
        return java.util.List.of();
    }

    /**
     * The combined word of a guest leaf with attributes {@code guestAttributes} over the stage 2
     * leaf {@code hostEntry} with attributes {@code hostAttributes} (for walks, whose visitors
     * receive both); 0 when there are no combined attributes (the default).
     */
    default long combinedAttributes(long guestAttributes, long hostAttributes, long hostEntry) {
        return 0;
    }

    /** The host physical address guest virtual {@code va} maps to, or {@link TreeWalker#NO_MAPPING}. */
    long translate(PhysicalMemory host, long[] guestRoots, long[] hostRoots, long va);

    /** Single-root form of {@link #translate(PhysicalMemory, long[], long[], long)}. */
    default long translate(PhysicalMemory host, long guestRoot, long hostRoot, long va) {
        return translate(host, new long[] {guestRoot}, new long[] {hostRoot}, va);
    }

    /** The whole story of one nested translation: both stages, and which failed where. */
    NestedTranslation translateDetailed(PhysicalMemory host, long[] guestRoots, long[] hostRoots, long va);

    /** Single-root form of {@link #translateDetailed(PhysicalMemory, long[], long[], long)}. */
    default NestedTranslation translateDetailed(PhysicalMemory host, long guestRoot, long hostRoot, long va) {
        return translateDetailed(host, new long[] {guestRoot}, new long[] {hostRoot}, va);
    }

    /**
     * Reports every leaf (with host physical addresses, split into stage 2 pages), hole, guest
     * table and fault of the guest's inclusive range {@code first..last} in address order.
     * Parts outside the guest tree's walkable ranges are clipped.
     */
    void walk(PhysicalMemory host, long[] guestRoots, long[] hostRoots, long first, long last, NestedVisitor visitor);
}
