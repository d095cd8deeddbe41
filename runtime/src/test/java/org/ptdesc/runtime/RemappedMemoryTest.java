package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link PhysicalMemory#remapped}: the bytes of one memory seen at other addresses, as a guest
 * sees its physical memory through stage 2; pieces must lie within one range of the memory.
 */
class RemappedMemoryTest {

    @Test
    void piecesShowTheHostBytesAtTheirNewAddresses() {
        MemorySegment data = Arena.ofAuto().allocate(0x3000);
        // Host memory: two ranges, physical 0x10_0000.. (data 0..0x1fff) and 0x20_0000.. (data 0x2000..).
        PhysicalMemory host = PhysicalMemory.of(data, List.of(new PhysicalMemory.Range(0x10_0000, 0x2000, 0),
                new PhysicalMemory.Range(0x20_0000, 0x1000, 0x2000)), "two ranges");
        host.writeLong(0x10_1008, 0x1122_3344_5566_7788L, false);
        host.writeLong(0x20_0010, 42, false);
        PhysicalMemory guest = host.remapped(List.of(new PhysicalMemory.Range(0x5000, 0x1000, 0x10_1000),
                new PhysicalMemory.Range(0x9000, 0x1000, 0x20_0000)), "view");
        assertEquals(0x1122_3344_5566_7788L, guest.readLong(0x5008));
        assertEquals(42, guest.readLong(0x9010));
        assertTrue(guest.contains(0x5ff8, 8));
        assertFalse(guest.contains(0x6000, 8));
        assertThrows(PhysicalMemory.Unreadable.class, () -> guest.readLong(0x4ff8));
        assertEquals("view", guest.description());
    }

    @Test
    void aPieceAcrossHostRangesOrOutsideHostMemoryIsRefused() {
        PhysicalMemory host = PhysicalMemory.of(Arena.ofAuto().allocate(0x2000));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> host.remapped(List.of(new PhysicalMemory.Range(0, 0x2000, 0x1000)), "view"));
        assertTrue(e.getMessage().contains("does not lie within one range"), e.getMessage());
        assertEquals(0, host.remapped(List.of(), "empty").ranges().size());
    }
}
