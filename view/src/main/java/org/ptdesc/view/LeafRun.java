package org.ptdesc.view;

/**
 * Consecutive leaves that a picture can draw as one shape without losing a detail: the same
 * level, page size, accumulated attributes and matched rule, virtual and physical addresses that
 * follow on, and raw entries that differ from their physical address by the same bits
 * ({@code entry ^ pa} equal), so the entry of every page of the run can be given back exactly.
 *
 * @param va first virtual address
 * @param pa physical address of {@code va}
 * @param pageSize bytes of each leaf
 * @param entry raw entry of the first leaf
 * @param rule index of the matched rule in the {@link RuleBook}, or -1 when unknown
 * @param pages how many leaves the run holds (at least 1)
 */
public record LeafRun(long va, long pa, long pageSize, int level, long entry, long attributes, int rule, long pages) {

    /** The last virtual address of the run (inclusive, unsigned). */
    public long last() {
        return va + pageSize * pages - 1;
    }

    /** The bits in which every entry of the run differs from its physical address. */
    public long entryFlags() {
        return entry ^ pa;
    }
}
