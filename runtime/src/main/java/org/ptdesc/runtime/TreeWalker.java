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

    /**
     * As {@link #walk(PhysicalMemory, long[], long, long, WalkVisitor)}, with the leaves, holes
     * and faults (no {@code pre} or {@code post}) stored in {@code batch} and delivered to its
     * {@link BatchVisitor} each time it is full and once at the end, in address order. The
     * batch is {@linkplain LeafBatch#start() started} first; afterwards
     * {@link LeafBatch#stopped()} says whether its visitor stopped the walk. Generated walkers
     * fill the batch from generated code; this default fills it as a {@link WalkVisitor}.
     */
    default void walkBatched(PhysicalMemory mem, long[] roots, long first, long last, LeafBatch batch) {
        batch.start();
        walk(mem, roots, first, last, batch);
        batch.finish();
    }

    /** Single-root form of {@link #walkBatched(PhysicalMemory, long[], long, long, LeafBatch)}. */
    default void walkBatched(PhysicalMemory mem, long root, long first, long last, LeafBatch batch) {
        walkBatched(mem, new long[] {root}, first, last, batch);
    }

    /**
     * Whether the rules of level {@code level} (0 for the root table's) read the walked address
     * in a condition, an address or an attribute. A walk gives each entry the first address of
     * its span clipped to the walked range, so at such a level a walk of part of a range may
     * decide the entry holding the cut differently from a walk of the whole range:
     * {@link ParallelWalk} cuts ranges only at the boundaries of those levels' entries. The
     * default, true, is always safe.
     */
    default boolean rulesReadAddress(int level) {
        return true;
    }
}
