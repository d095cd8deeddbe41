package org.ptdesc.bench;

import java.lang.foreign.MemorySegment;
import org.ptdesc.runtime.TableAllocator;

/**
 * The benchmark's table allocator, as a kernel's would be: a stack of 4 KiB frames in the
 * segment, handed out zeroed (one {@code fill}, a memset) and taken back on free. No
 * allocation per call, and the same for every mapper measured.
 */
final class BenchTables implements TableAllocator {

    private final MemorySegment segment;
    private final long[] free;
    private int top;

    /** Frames {@code first, first + 4096, ...} up to {@code first + count * 4096}. */
    BenchTables(MemorySegment segment, long first, int count) {
        this.segment = segment;
        this.free = new long[count];
        for (int i = 0; i < count; i++) {
            free[i] = first + (long) (count - 1 - i) * 4096;
        }
        this.top = count;
    }

    @Override
    public long allocate(long size, long alignment) {
        if (top == 0 || size > 4096 || alignment > 4096) {
            return NO_MEMORY;
        }
        long pa = free[--top];
        segment.asSlice(pa, 4096).fill((byte) 0);
        return pa;
    }

    @Override
    public void free(long pa, long size) {
        free[top++] = pa;
    }

    /** Frames not handed out. */
    int available() {
        return top;
    }
}
