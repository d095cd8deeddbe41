package org.ptdesc.samples.x86;

import java.lang.foreign.Arena;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A flat physical memory in which tests lay out paging structures entry by entry, as raw
 * little-endian values composed from the manual's bit layouts; nothing here knows any
 * descriptor, so the trees it builds are independent of the descriptors under test.
 */
final class RawTables {
    private final PhysicalMemory memory;
    private final int entryBytes;

    /** {@code bytes} of zeroed memory at physical 0, holding entries of {@code entryBytes} (4 or 8). */
    RawTables(long bytes, int entryBytes) {
        if (entryBytes != 4 && entryBytes != 8) {
            throw new IllegalArgumentException("entries are 4 or 8 bytes, not " + entryBytes);
        }
        this.memory = PhysicalMemory.of(Arena.ofAuto().allocate(bytes, 4096));
        this.entryBytes = entryBytes;
    }

    /** Writes entry {@code index} of the table at physical {@code table}. */
    RawTables put(long table, int index, long entry) {
        long at = table + (long) index * entryBytes;
        if (entryBytes == 8) {
            memory.writeLong(at, entry, false);
        } else {
            if (entry >>> 32 != 0) {
                throw new IllegalArgumentException("0x" + Long.toHexString(entry) + " does not fit a 32-bit entry");
            }
            memory.writeInt(at, (int) entry, false);
        }
        return this;
    }

    /** The memory holding the tables. */
    PhysicalMemory memory() {
        return memory;
    }
}
