package org.ptdesc.runtime;

/**
 * A walker for one described tree: translates addresses and walks ranges of a tree held in
 * {@link PhysicalMemory}. Every generated walker class implements it, as does the reference
 * interpreter. Walkers are stateless and thread-safe; they take no locks, so callers that walk
 * live tables must hold whatever lock protects them.
 *
 * <p>Trees with several roots (AArch64: TTBR0 for the low half, TTBR1 for the high half) take
 * the roots in declaration order, as {@code long[]} or as the two-root overloads. The
 * single-root methods are for single-root trees and throw {@link IllegalArgumentException}
 * on a tree that needs more roots.
 */
public interface TreeWalker {

    /** Returned by {@link #translate(PhysicalMemory, long, long)} when there is no mapping. */
    long NO_MAPPING = -1L;

    /** What this tree is: its name, levels, attributes and roots. */
    TreeInfo info();

    /** The physical address {@code va} maps to, or {@link #NO_MAPPING}. */
    long translate(PhysicalMemory mem, long root, long va);

    /** As {@link #translate(PhysicalMemory, long, long)}, with one register value per root. */
    long translate(PhysicalMemory mem, long[] roots, long va);

    /** Two-root form: {@code root0} and {@code root1} in declaration order. */
    default long translate(PhysicalMemory mem, long root0, long root1, long va) {
        return translate(mem, new long[] {root0, root1}, va);
    }

    /** The whole story of one translation: where it ended, and why when it failed. */
    Translation translateDetailed(PhysicalMemory mem, long[] roots, long va);

    /** Single-root form of {@link #translateDetailed(PhysicalMemory, long[], long)}. */
    default Translation translateDetailed(PhysicalMemory mem, long root, long va) {
        return translateDetailed(mem, new long[] {root}, va);
    }

    /**
     * Reports every leaf, hole, table and fault of the inclusive range {@code first..last}
     * (unsigned) in address order. Parts of the range outside the tree's walkable ranges are
     * clipped: they produce no events.
     */
    void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor);

    /** Single-root form of {@link #walk(PhysicalMemory, long[], long, long, WalkVisitor)}. */
    default void walk(PhysicalMemory mem, long root, long first, long last, WalkVisitor visitor) {
        walk(mem, new long[] {root}, first, last, visitor);
    }

    /** Two-root form of {@link #walk(PhysicalMemory, long[], long, long, WalkVisitor)}. */
    default void walk(PhysicalMemory mem, long root0, long root1, long first, long last, WalkVisitor visitor) {
        walk(mem, new long[] {root0, root1}, first, last, visitor);
    }
}
