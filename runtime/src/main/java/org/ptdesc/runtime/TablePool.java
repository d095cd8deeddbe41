package org.ptdesc.runtime;

import java.util.Arrays;

/**
 * A simple {@link TableAllocator} over one range of a writable {@link PhysicalMemory}: tables
 * are handed out from the bottom up and freed ones are reused first (same size only). For
 * tools ({@code ptdesc build}) and tests; it counts what it handed out and took back.
 */
public final class TablePool implements TableAllocator {

    private final PhysicalMemory mem;
    private final long limit;
    private long next;
    private long[] freedAddresses = new long[16];
    private long[] freedSizes = new long[16];
    private int freedCount;
    private long allocated;
    private long freed;

    /** A pool of the physical addresses {@code first .. first + bytes - 1} of {@code mem}. */
    public TablePool(PhysicalMemory mem, long first, long bytes) {
        this.mem = mem;
        this.next = first;
        this.limit = first + bytes;
    }

    @Override
    public long allocate(long size, long alignment) {
        for (int i = freedCount - 1; i >= 0; i--) {
            if (freedSizes[i] == size && (freedAddresses[i] & (alignment - 1)) == 0) {
                long pa = freedAddresses[i];
                freedAddresses[i] = freedAddresses[freedCount - 1];
                freedSizes[i] = freedSizes[freedCount - 1];
                freedCount--;
                zero(pa, size);
                allocated++;
                return pa;
            }
        }
        long pa = (next + alignment - 1) & -alignment;
        if (pa < next || pa + size > limit || pa + size < pa) {
            return NO_MEMORY;
        }
        next = pa + size;
        zero(pa, size);
        allocated++;
        return pa;
    }

    @Override
    public void free(long pa, long size) {
        if (freedCount == freedAddresses.length) {
            freedAddresses = Arrays.copyOf(freedAddresses, freedCount * 2);
            freedSizes = Arrays.copyOf(freedSizes, freedCount * 2);
        }
        freedAddresses[freedCount] = pa;
        freedSizes[freedCount] = size;
        freedCount++;
        freed++;
    }

    private void zero(long pa, long size) {
        for (long at = pa; at < pa + size; at += 4) {
            mem.writeInt(at, 0, false);
        }
    }

    /** Tables handed out so far (reused ones count again). */
    public long allocated() {
        return allocated;
    }

    /** Tables taken back so far. */
    public long freed() {
        return freed;
    }

    /** Tables handed out and not taken back. */
    public long inUse() {
        return allocated - freed;
    }

    /** The first address never handed out: the pool's high-water mark. */
    public long highWater() {
        return next;
    }
}
