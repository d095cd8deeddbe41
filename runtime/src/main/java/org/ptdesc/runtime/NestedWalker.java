package org.ptdesc.runtime;

/**
 * A nested (two-dimensional) walker: a guest's tree (stage 1) whose table reads and output
 * addresses are translated by a stage 2 tree (Intel EPT, AMD nested paging, AArch64 stage 2,
 * RISC-V G-stage) over host physical memory. Every address it returns is host physical.
 * Roots are raw register values in declaration order: the guest's (CR3, satp, TTBRn_EL1) and
 * the stage 2 tree's (EPTP, nCR3, VTTBR_EL2, hgatp). Like {@link TreeWalker}, stateless and
 * thread-safe, without locks.
 *
 * <p>The forms that take {@code int access, long guestModes, long hostModes} check an access
 * ({@link Access}) against both stages' permission rules, as hardware does for a guest under
 * EPT, nested paging, AArch64 stage 2 or the RISC-V G-stage: every guest table entry is read
 * through stage 2 as a {@link #TABLE_READ} (checked by stage 2's rules, in walk order, before
 * the entry is read); once the guest walk reaches a leaf, the guest's rules check the access
 * (under {@code guestModes}); then stage 2 translates the final guest physical address and its
 * rules check the same access, kind and user flag (under {@code hostModes}). The first rule
 * that denies ends the translation: the address is {@link TreeWalker#DENIED} and the detailed
 * form says which stage, which rule and at which level.
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

    // ---- access checks through both stages

    /**
     * The access stage 2 checks for each guest table entry it translates: a data read by
     * privileged code. Hardware reads the guest's tables with implicit reads, which stage 2
     * checks as reads (Intel SDM Vol. 3C §29.3.3.2: guest paging-structure accesses are data
     * reads; RISC-V privileged spec §8.5.1: a VS-stage table access is checked as a load; AMD
     * APM Vol. 2 §15.25.5 and Arm ARM D8.4: stage 2 permissions apply to the stage 1 walk's
     * reads). Setting accessed and dirty bits, a write, is not modelled.
     */
    int TABLE_READ = Access.READ;

    /**
     * The host physical address guest virtual {@code va} maps to when {@code access} is allowed
     * by both stages' rules (the guest's under {@code guestModes}, stage 2's under
     * {@code hostModes}); {@link TreeWalker#NO_MAPPING} when either stage has no mapping,
     * {@link TreeWalker#DENIED} when a rule denies.
     *
     * @throws IllegalArgumentException if {@code access} is not a valid {@link Access}
     */
    default long translate(PhysicalMemory host, long[] guestRoots, long[] hostRoots, long va, int access,
            long guestModes, long hostModes) {
        return translateDetailed(host, guestRoots, hostRoots, va, access, guestModes, hostModes).pa();
    }

    /** Single-root form of {@link #translate(PhysicalMemory, long[], long[], long, int, long, long)}. */
    default long translate(PhysicalMemory host, long guestRoot, long hostRoot, long va, int access, long guestModes,
            long hostModes) {
        return translate(host, new long[] {guestRoot}, new long[] {hostRoot}, va, access, guestModes, hostModes);
    }

    /**
     * {@link #translateDetailed(PhysicalMemory, long[], long[], long)} checked for
     * {@code access}: a denied access gives a {@link NestedTranslation} whose
     * {@link NestedTranslation#denied()} is true, whose {@link NestedTranslation#stage()} names
     * the stage whose rule denied and whose {@link NestedTranslation#failing()} is that stage's
     * {@link Failure#DENIED} translation (rule index, text and level). The default, for nested
     * walkers written before access checks, refuses.
     *
     * @throws IllegalArgumentException if {@code access} is not a valid {@link Access}
     * @throws UnsupportedOperationException if this walker cannot check accesses
     */
    default NestedTranslation translateDetailed(PhysicalMemory host, long[] guestRoots, long[] hostRoots, long va,
            int access, long guestModes, long hostModes) {
        throw new UnsupportedOperationException(getClass().getName() + " does not check accesses");
    }

    /** Single-root form of {@link #translateDetailed(PhysicalMemory, long[], long[], long, int, long, long)}. */
    default NestedTranslation translateDetailed(PhysicalMemory host, long guestRoot, long hostRoot, long va,
            int access, long guestModes, long hostModes) {
        return translateDetailed(host, new long[] {guestRoot}, new long[] {hostRoot}, va, access, guestModes,
                hostModes);
    }
}
