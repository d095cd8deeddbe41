package org.ptdesc.runtime;

/**
 * The result of {@link NestedWalker#translateDetailed}: a guest virtual address translated by
 * the guest's tree (stage 1) into a guest physical address, and by the stage 2 tree into a
 * host physical address, where every guest table read went through stage 2 as well.
 *
 * <p>On success {@link #pa()} is the host physical address, {@link #gpa()} the guest physical
 * one, {@link #size()} the bytes that map contiguously around it (the smaller of the guest page
 * and the stage 2 page), {@link #guest()} the stage 1 result (guest physical address, its level,
 * page size, entry and attributes) and {@link #host()} the stage 2 translation of the final
 * guest physical address (its level, page size, entry and stage 2 attributes). Each stage keeps
 * its own attributes; {@link #combined()} is the combined word the stage 2 tree's
 * {@code combined} declarations compute from both leaves (laid out by
 * {@link NestedWalker#combinedAttributes()}; 0 when the walker has none, on failure, and from
 * the generic composition, which has no compiler).
 *
 * <p>On failure {@link #pa()} is {@link TreeWalker#NO_MAPPING} and {@link #stage()} says which
 * stage failed:
 * <ul>
 *   <li>{@link Stage#GUEST}: the guest's tree has no mapping; {@link #guest()} says why and at
 *       which level, as {@link TreeWalker#translateDetailed} does. When a guest table entry
 *       lies outside host memory, {@code guest().failure()} is
 *       {@link Failure#TABLE_OUTSIDE_MEMORY}, {@code guest().entry()} the host physical address
 *       that could not be read and {@link #failedGpa()} its guest physical address.</li>
 *   <li>{@link Stage#HOST}: stage 2 could not translate the guest physical address
 *       {@link #failedGpa()}; {@link #host()} says why and at which stage 2 level. When
 *       {@link #guestLevel()} is 0 or more, that address was the entry of the guest table at
 *       that guest level (a guest table in guest physical memory that stage 2 does not map);
 *       when it is -1, it was the final guest physical address, and {@link #guest()} is the
 *       successful stage 1 result.</li>
 * </ul>
 *
 * <p>A translation checked for an access ({@link NestedWalker#translateDetailed(PhysicalMemory,
 * long[], long[], long, int, long, long)}) may also be denied: {@link #pa()} is
 * {@link TreeWalker#DENIED}, {@link #denied()} is true and {@link #failing()} is the
 * {@link Failure#DENIED} translation of the stage whose rule denied (its rule index, text, leaf
 * level and attributes). A guest denial ({@link Stage#GUEST}) keeps the guest physical address
 * in {@link #gpa()}; a stage 2 denial ({@link Stage#HOST}) of a guest table read has the guest
 * level in {@link #guestLevel()} and the entry's guest physical address in {@link #failedGpa()},
 * and one of the final address has {@link #guestLevel()} -1 and the successful guest result.
 */
public record NestedTranslation(
        long va,
        long pa,
        long gpa,
        long size,
        Stage stage,
        int guestLevel,
        long failedGpa,
        Translation guest,
        Translation host,
        long combined) {

    /** Without a combined word (0): every failure, and pairs whose stage 2 tree combines nothing. */
    public NestedTranslation(long va, long pa, long gpa, long size, Stage stage, int guestLevel, long failedGpa,
            Translation guest, Translation host) {
        this(va, pa, gpa, size, stage, guestLevel, failedGpa, guest, host, 0);
    }

    /** This translation with the combined word {@code word}. */
    public NestedTranslation withCombined(long word) {
        return new NestedTranslation(va, pa, gpa, size, stage, guestLevel, failedGpa, guest, host, word);
    }

    /**
     * This translation with the combined word {@code pair} computes for its two leaves when it
     * is mapped ({@link NestedWalker#combinedAttributes(long, long, long)}); itself otherwise.
     */
    public NestedTranslation combinedBy(NestedWalker pair) {
        return mapped() ? withCombined(pair.combinedAttributes(guest.attributes(), host.attributes(), host.entry())) : this;
    }

    /** Which stage a nested translation failed in. */
    public enum Stage {
        /** Nothing failed. */
        NONE,
        /** The guest's (stage 1) tree. */
        GUEST,
        /** The stage 2 tree, translating a guest table entry's or the final guest physical address. */
        HOST
    }

    /** True when the address has a mapping through both stages. */
    public boolean mapped() {
        return stage == Stage.NONE;
    }

    /** True when a permission rule of either stage denied the access checked. */
    public boolean denied() {
        Translation t = failing();
        return t != null && t.denied();
    }

    /** The translation of the stage that failed or denied ({@link #guest()} or {@link #host()}); null when mapped. */
    public Translation failing() {
        return switch (stage) {
            case NONE -> null;
            case GUEST -> guest;
            case HOST -> host;
        };
    }

    /**
     * The guest's rules deny the access: {@code denied} is the guest's {@link Failure#DENIED}
     * translation of {@code va}, whose guest physical address was {@code gpa}.
     */
    public static NestedTranslation guestDenied(long va, long gpa, Translation denied) {
        return new NestedTranslation(va, TreeWalker.DENIED, gpa, 0, Stage.GUEST, denied.level(), TreeWalker.NO_MAPPING,
                denied, null);
    }

    /**
     * Stage 2's rules deny the access to guest physical {@code gpa}: the read of the guest table
     * entry at {@code guestLevel} (then {@code guest} is null), or, with {@code guestLevel} -1,
     * the access itself at the final guest physical address of {@code guest}; {@code denied} is
     * stage 2's {@link Failure#DENIED} translation.
     */
    public static NestedTranslation hostDenied(long va, int guestLevel, long gpa, Translation guest, Translation denied) {
        return new NestedTranslation(va, TreeWalker.DENIED, guest == null ? TreeWalker.NO_MAPPING : guest.pa(), 0,
                Stage.HOST, guestLevel, gpa, guest, denied);
    }

    /** A translation through both stages. */
    public static NestedTranslation mapped(long va, Translation guest, Translation host) {
        return new NestedTranslation(va, host.pa(), guest.pa(), Math.min(guest.size(), host.size()), Stage.NONE, -1,
                TreeWalker.NO_MAPPING, guest, host);
    }

    /**
     * The guest's tree has no mapping for {@code va}; {@code failedGpa} is the guest physical
     * address of an entry outside host memory, or {@link TreeWalker#NO_MAPPING}.
     */
    public static NestedTranslation guestFailed(long va, Translation guest, long failedGpa) {
        return new NestedTranslation(va, TreeWalker.NO_MAPPING, TreeWalker.NO_MAPPING, 0, Stage.GUEST, guest.level(),
                failedGpa, guest, null);
    }

    /**
     * Stage 2 could not translate {@code failedGpa}: the entry of the guest table at
     * {@code guestLevel} (then {@code guest} is null), or, with {@code guestLevel} -1, the final
     * guest physical address of the successful stage 1 result {@code guest}.
     */
    public static NestedTranslation hostFailed(long va, int guestLevel, long failedGpa, Translation guest, Translation host) {
        return new NestedTranslation(va, TreeWalker.NO_MAPPING, guest == null ? TreeWalker.NO_MAPPING : guest.pa(), 0,
                Stage.HOST, guestLevel, failedGpa, guest, host);
    }
}
