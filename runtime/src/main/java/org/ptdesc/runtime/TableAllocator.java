package org.ptdesc.runtime;

/**
 * Where a {@link TreeMapper} gets new tables and returns freed ones: the caller's memory
 * management (a kernel's page allocator, a hypervisor's pool, {@link TablePool} for tools and
 * tests). Tables live in the same {@link PhysicalMemory} the mapper writes.
 */
public interface TableAllocator {

    /** Returned by {@link #allocate} when no memory is left. */
    long NO_MEMORY = -1L;

    /**
     * The physical address (below 2^63) of a zeroed table of {@code size} bytes aligned to
     * {@code alignment} (a power of two), or {@link #NO_MEMORY}.
     */
    long allocate(long size, long alignment);

    /** Takes back a table that {@link #allocate} gave (with the same size); it holds no mapping any more. */
    void free(long pa, long size);
}
