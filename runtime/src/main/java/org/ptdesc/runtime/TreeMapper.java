package org.ptdesc.runtime;

/**
 * Builds and changes a described tree in writable {@link PhysicalMemory}: map a range, unmap
 * one, change the attributes of one. Generated from the same description as the tree's
 * {@link TreeWalker} (and implemented by the reference interpreter), with the entry encodings
 * the compiler derives from the decoding rules and proves by round trips.
 *
 * <p>Attributes are the packed word the walker reports ({@link TreeInfo#attributes()}). Table
 * entries the mapper writes have the permissive value (x86: R/W = U/S = 1, XD = 0), so the leaf
 * carries the whole word and a walk of a range mapped with {@code attributes} reports exactly
 * {@code attributes}. Roots are register values, as the walker takes them; a new tree starts
 * with {@link #newRoot}. Mappers are stateless and take no locks: callers serialise changes to
 * one tree. On success nothing is allocated per entry; an operation that fails stops where it
 * failed and says so in its {@link MapOutcome}, with the part before that done.
 */
public interface TreeMapper {

    /** {@link #map} flag: replace what is mapped in the range (unmapping it first) instead of reporting a conflict. */
    int REPLACE = 1;

    /** Returned by {@link #newRoot} when the allocator has no table or the register cannot name it. */
    long NO_ROOT = -1L;

    /** What this tree is: the same as its walker's. */
    TreeInfo info();

    /**
     * The page sizes this mapper can write (bit {@code k} set: {@code 2^k} bytes), whatever the
     * attributes; some attribute words are not encodable at some sizes.
     */
    long pageSizes();

    /**
     * Allocates an empty top table for root {@code root} (declaration order) and returns the
     * register value that names it, or {@link #NO_ROOT}.
     */
    long newRoot(PhysicalMemory mem, int root, TableAllocator tables);

    /**
     * Maps {@code va .. va + size - 1} to {@code pa ..} with {@code attributes}, using the
     * largest page size that alignment and the description allow, or only {@code pageSize}
     * when it is not 0. Existing mappings in the range are a {@link MapOutcome.Kind#CONFLICT}
     * unless {@code flags} has {@link #REPLACE}. A map that fails part way keeps what it mapped
     * and the tables it made on the way (some perhaps empty); unmapping the range undoes both.
     */
    MapOutcome map(PhysicalMemory mem, long[] roots, long va, long pa, long size, long attributes, long pageSize,
            int flags, TableAllocator tables);

    /**
     * Unmaps {@code va .. va + size - 1}: splits a superpage the range covers in part, and
     * frees each table that the range leaves empty (never a top table). Holes are skipped. A
     * superpage splits into pages of the next level that has leaves (through tables of any level
     * between); the new subtree is built before it replaces the superpage, so a split that fails
     * (no memory, or no smaller page that holds the superpage's physical address or attributes:
     * {@link MapOutcome.Kind#NOT_ENCODABLE}) changes nothing at that entry and frees what it took.
     */
    MapOutcome unmap(PhysicalMemory mem, long[] roots, long va, long size, TableAllocator tables);

    /**
     * Gives every page in {@code va .. va + size - 1} the attributes {@code attributes}, keeping
     * its physical address; splits a superpage the range covers in part (as {@link #unmap}
     * does). Holes are skipped.
     */
    MapOutcome protect(PhysicalMemory mem, long[] roots, long va, long size, long attributes, TableAllocator tables);

    /** Single-root form of {@link #map}. */
    default MapOutcome map(PhysicalMemory mem, long root, long va, long pa, long size, long attributes,
            TableAllocator tables) {
        return map(mem, new long[] {root}, va, pa, size, attributes, 0, 0, tables);
    }
}
