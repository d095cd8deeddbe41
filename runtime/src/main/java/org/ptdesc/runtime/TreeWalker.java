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
 *
 * <p>Access checks: a tree may declare permission rules over the accumulated attributes, the
 * leaf entry, an access ({@link Access}) and a word of mode bits ({@link TreeInfo#modes()}).
 * The forms that take {@code int access, long modes} translate and then try the rules in order;
 * the first that denies wins, and the answer is {@link #DENIED} (or, in the detailed form, a
 * {@link Failure#DENIED} translation naming the rule). A tree without rules allows every access.
 * Walkers generated before access checks existed (runtime ABI 1) have no rules and get these
 * forms from the defaults below.
 */
public interface TreeWalker {

    /** Returned by {@link #translate(PhysicalMemory, long, long)} when there is no mapping. */
    long NO_MAPPING = -1L;

    /** Returned by the access-checked {@code translate} when a permission rule denies the access. */
    long DENIED = -2L;

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

    // ---- access checks

    /**
     * The index (in {@link TreeInfo#permissions()}) of the first permission rule that denies
     * {@code access} to a leaf with raw entry {@code entry} and accumulated {@code attributes},
     * under mode word {@code modes}; -1 when every rule allows it. The default, for walkers
     * without rules, allows everything.
     */
    default int denyingRule(long entry, long attributes, int access, long modes) {
        return -1;
    }

    /**
     * The physical address {@code va} maps to when {@code access} (an {@link Access} value) is
     * allowed under {@code modes}; {@link #NO_MAPPING} when nothing is mapped, {@link #DENIED}
     * when a permission rule denies the access. Generated walkers do this without allocating.
     */
    default long translate(PhysicalMemory mem, long[] roots, long va, int access, long modes) {
        if (info().permissions().isEmpty()) {
            return translate(mem, roots, va);
        }
        return translateDetailed(mem, roots, va, access, modes).pa();
    }

    /** Single-root form of {@link #translate(PhysicalMemory, long[], long, int, long)}. */
    default long translate(PhysicalMemory mem, long root, long va, int access, long modes) {
        return translate(mem, new long[] {root}, va, access, modes);
    }

    /** Two-root form of {@link #translate(PhysicalMemory, long[], long, int, long)}. */
    default long translate(PhysicalMemory mem, long root0, long root1, long va, int access, long modes) {
        return translate(mem, new long[] {root0, root1}, va, access, modes);
    }

    /**
     * {@link #translateDetailed(PhysicalMemory, long[], long)} checked for {@code access}: a
     * mapped address whose access a rule denies gives a {@link Failure#DENIED} translation that
     * names the rule (index and text), the leaf's level and its entry.
     *
     * @throws IllegalArgumentException if {@code access} is not a valid {@link Access}
     */
    default Translation translateDetailed(PhysicalMemory mem, long[] roots, long va, int access, long modes) {
        Access.require(access);
        Translation t = translateDetailed(mem, roots, va);
        if (!t.mapped()) {
            return t;
        }
        int rule = denyingRule(t.entry(), t.attributes(), access, modes);
        return rule < 0 ? t : Translation.denied(t, rule, info().permissions().get(rule).text());
    }

    /** Single-root form of {@link #translateDetailed(PhysicalMemory, long[], long, int, long)}. */
    default Translation translateDetailed(PhysicalMemory mem, long root, long va, int access, long modes) {
        return translateDetailed(mem, new long[] {root}, va, access, modes);
    }

    /**
     * {@link #walk(PhysicalMemory, long[], long, long, WalkVisitor)} filtered to what
     * {@code access} may reach under {@code modes}: leaves a permission rule denies go to
     * {@link WalkVisitor#denied} instead of {@link WalkVisitor#leaf}; every other event is
     * unchanged.
     *
     * @throws IllegalArgumentException if {@code access} is not a valid {@link Access}
     */
    default void walk(PhysicalMemory mem, long[] roots, long first, long last, int access, long modes,
            WalkVisitor visitor) {
        Access.require(access);
        walk(mem, roots, first, last, new AccessFilter(this, access, modes, visitor));
    }

    /** Single-root form of {@link #walk(PhysicalMemory, long[], long, long, int, long, WalkVisitor)}. */
    default void walk(PhysicalMemory mem, long root, long first, long last, int access, long modes,
            WalkVisitor visitor) {
        walk(mem, new long[] {root}, first, last, access, modes, visitor);
    }

    /**
     * As {@link #walk(PhysicalMemory, long[], long, long, WalkVisitor)}, with the leaves, holes
     * and faults (no {@code pre} or {@code post}) stored in {@code batch} and delivered to its
     * {@link BatchVisitor} each time it is full and once at the end, in address order. The
     * batch is {@linkplain LeafBatch#start() started} first; afterwards
     * {@link LeafBatch#stopped()} says whether its visitor stopped the walk. Generated walkers
     * fill the batch from generated code, and hand a {@link RunVisitor} each wholly readable
     * table of a level without table rules as an {@link EntryRun} instead of filling the batch
     * with its events; this default fills the batch as a {@link WalkVisitor}, runs or not.
     */
    default void walkBatched(PhysicalMemory mem, long[] roots, long first, long last, LeafBatch batch) {
        batch.start();
        walk(mem, roots, first, last, batch);
        batch.finish();
    }

    /**
     * As {@link #walk(PhysicalMemory, long[], long, long, WalkVisitor)}, the same events in the
     * same order, for a walk whose visitor differs in kind from the program's walks: generated
     * walkers run it on a copy of {@code walk}'s code, so that the JIT profiles and compiles it
     * apart. {@link ParallelWalk}'s cutting walk uses it: it enters every table only to skip
     * those of the last level, and sharing {@code walk}'s code made the JIT compile the
     * program's walks for that (bench/RESULTS.md). The copy steps over runs of invalid entries
     * in a loop of its own, as {@code walkBatched} does, which halves the cutting walk of a
     * tree whose upper tables are mostly empty. The default calls {@code walk}.
     */
    default void walkApart(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {
        walk(mem, roots, first, last, visitor);
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
