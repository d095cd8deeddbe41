package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.runtime.Access.EXECUTE;
import static org.ptdesc.runtime.Access.READ;
import static org.ptdesc.runtime.Access.USER;
import static org.ptdesc.runtime.Access.WRITE;
import static org.ptdesc.samples.nested.OtherPairsTest.guest;
import static org.ptdesc.samples.nested.OtherPairsTest.leaf;
import static org.ptdesc.samples.nested.OtherPairsTest.ptr;
import static org.ptdesc.samples.nested.OtherPairsTest.put;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * Access checks through both stages for the pairs whose stage 2 treats every access as
 * user-level, built by hand on the plan of {@link OtherPairsTest} (stage 2 maps guest physical
 * 0..2 MiB with one large page to host 0x20_0000, and 0x20_0000 + i * 4 KiB with small pages to
 * host 0x10_0000 + i * 4 KiB), each small stage 2 page with its own permissions. Expectations
 * by hand: RISC-V Sv39 over Sv39x4 (privileged spec §4.3.1, §8.5.1: G-stage accesses are
 * user-level, a VS-stage table access is checked as a load; sstatus.MXR, not vsstatus.MXR,
 * makes G-stage executable pages readable) and x86-64 over AMD nested paging (APM Vol. 2
 * §15.25.5: nested accesses are user-level; §5.6). Every {@link NestedEngine}.
 */
class NestedAccessOtherPairsTest {

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void sv39OverSv39x4(NestedEngine engine) {
        long r = 2, wr = 4, x = 8, u = 16, a = 64, d = 128;
        MemorySegment m = OtherPairsTest.memory();
        long hgatp = 8L << 60 | 4;
        put(m, 0x4000, ptr(0x8000));
        put(m, 0x8000, leaf(0x20_0000, r | wr | x | u | a | d));   // GPA 0..2 MiB -> 0x20_0000, RWX, U
        put(m, 0x8008, ptr(0x9000));
        put(m, 0x9000, leaf(0x10_0000, r | wr | u | a | d));        // GPA 0x20_0000: RW, no X
        put(m, 0x9008, leaf(0x10_1000, r | wr | x | a | d));        // GPA 0x20_1000: U = 0
        put(m, 0x9018, leaf(0x10_3000, x | u | a));                 // GPA 0x20_3000: execute-only
        long satp = 8L << 60 | 1;
        guest(m, 0x1000, 0, ptr(0x2000));
        guest(m, 0x2000, 0, ptr(0x3000));
        guest(m, 0x2000, 1, ptr(0x20_1000));                         // a guest table in the U = 0 G-stage page
        guest(m, 0x3000, 3, leaf(0x5000, r | wr | u | a | d));
        guest(m, 0x3000, 4, leaf(0x20_0000, r | wr | x | u | a | d));
        guest(m, 0x3000, 5, leaf(0x20_3000, r | x | u | a));
        guest(m, 0x3000, 6, leaf(0x6000, r | a));                    // a supervisor page
        NestedAccessTest.Checked c = new NestedAccessTest.Checked(engine.nested("riscv_sv39", "riscv_sv39x4"),
                PhysicalMemory.of(m), satp, hgatp);
        c.allows(0x3abc, READ | USER, 0x20_5abc);
        // Guest X = 1, G-stage X = 0: denied at the final address.
        c.denied(0x4010, EXECUTE | USER, Stage.HOST, "fetch from a page with X = 0");
        c.allows(0x4010, WRITE | USER, 0x10_0010);
        // Guest R = 1, G-stage execute-only: denied, unless HS-level sstatus.MXR = 1.
        c.denied(0x5010, READ | USER, Stage.HOST, "read from a page with R = 0");
        c.guestModes = Map.of("MXR", 1L);
        c.denied(0x5010, READ | USER, Stage.HOST, "read from a page with R = 0");
        c.guestModes = Map.of();
        c.hostModes = Map.of("MXR", 1L);
        c.allows(0x5010, READ | USER, 0x10_3010);
        c.hostModes = Map.of();
        // The guest's level 2 table lies in a G-stage page with U = 0: its read is denied even for
        // a supervisor access, since every G-stage access is user-level.
        NestedTranslation table = c.denied(0x20_0000, READ, Stage.HOST, "U = 0");
        assertEquals(2, table.guestLevel());
        assertEquals(0x20_1000, table.failedGpa());
        // The guest denies a U-mode read of its supervisor page; the G-stage would allow it.
        c.denied(0x6000, READ | USER, Stage.GUEST, "U-mode access to a page with U = 0");
        c.allows(0x6000, READ, 0x20_6000);
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void x86OverAmdNestedPaging(NestedEngine engine) {
        long p = 1, rw = 2, us = 4, ps = 0x80, nx = 1L << 63, all = p | rw | us;
        MemorySegment m = OtherPairsTest.memory();
        put(m, 0x1000, 0x2000 | all);
        put(m, 0x2000, 0x3000 | all);
        put(m, 0x3000, 0x20_0000 | all | ps);                   // GPA 0..2 MiB -> HPA 0x20_0000
        put(m, 0x3008, 0x4000 | all);
        put(m, 0x4000, 0x10_0000 | p | us);                      // GPA 0x20_0000: R/W = 0
        put(m, 0x4008, 0x10_1000 | p | rw);                      // GPA 0x20_1000: U/S = 0
        put(m, 0x4010, 0x10_2000 | all | nx);                    // GPA 0x20_2000: NX
        guest(m, 0x1000, 0, 0x2000 | all);
        guest(m, 0x2000, 0, 0x3000 | all);
        guest(m, 0x3000, 0, 0x4000 | all);
        guest(m, 0x3000, 1, 0x20_1000 | all);                   // a guest PT in the U/S = 0 nested page
        guest(m, 0x4000, 3, 0x5000 | all);
        guest(m, 0x4000, 4, 0x20_0000 | all);
        guest(m, 0x4000, 5, 0x20_2000 | all);
        guest(m, 0x4000, 6, 0x6000 | p | rw);                    // a supervisor page
        NestedAccessTest.Checked c = new NestedAccessTest.Checked(engine.nested("x86_64", "amd_npt"),
                PhysicalMemory.of(m), 0x1000, 0x1000);
        c.allows(0x3abc, WRITE | USER, 0x20_5abc);
        // Nested R/W = 0 denies a write, a supervisor write too: nested accesses are user-level,
        // so nothing like CR0.WP = 0 lifts it (the guest's WP and SMAP are off here).
        c.denied(0x4010, WRITE | USER, Stage.HOST, "R/W = 0");
        c.guestModes = Map.of("WP", 0L, "SMAP", 0L);
        c.denied(0x4010, WRITE, Stage.HOST, "R/W = 0");
        c.guestModes = Map.of();
        c.allows(0x4010, READ | USER, 0x10_0010);
        // Nested NX denies a fetch the guest allows, unless the host's EFER.NXE = 0.
        c.denied(0x5010, EXECUTE | USER, Stage.HOST, "NX = 1");
        c.hostModes = Map.of("NXE", 0L);
        c.allows(0x5010, EXECUTE | USER, 0x10_2010);
        c.hostModes = Map.of();
        // The guest's PT lies in a nested page with U/S = 0: its read is denied whatever the access.
        NestedTranslation table = c.denied(0x20_0000, READ, Stage.HOST, "U/S = 0");
        assertEquals(3, table.guestLevel());
        assertEquals(0x20_1000, table.failedGpa());
        // The guest denies a user read of its supervisor page; a supervisor read passes both
        // stages (the nested tables' user-level check concerns their own U/S bits only).
        c.denied(0x6000, READ | USER, Stage.GUEST, "user-mode access to a supervisor-mode address");
        c.allows(0x6000, READ, 0x20_6000);
    }
}
