package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * The other nested pairs, each built by hand in a 4 MiB host memory with the same plan: stage 2
 * maps guest physical 0..2 MiB with one large page to host 0x20_0000.. (so a guest table at
 * guest physical G is at host G + 0x20_0000, and guest small pages lie over a stage 2
 * superpage), and guest physical 0x20_0000 + i * 4 KiB with small pages to host
 * 0x10_0000 + i * 4 KiB for i = 0, 1, 3 (i = 2 not mapped), under which the guest maps a large
 * page; a guest table at guest physical 0x20_2000 is one stage 2 does not map. Expectations
 * by hand; every {@link NestedEngine} (the reference over both stage 2 engines, the generated pair, the generic composition); and each pair compared with a composition of
 * two separate walkers.
 *
 * <ul>
 *   <li>x86-64 over AMD nested paging (APM Vol. 2 §15.25, nested format = long mode §5.3);</li>
 *   <li>AArch64 stage 1 (4 KiB, TTBR0/TTBR1) over stage 2 (4 KiB, 40-bit IPA, start level 1,
 *       Arm ARM D8.2/D8.3);</li>
 *   <li>RISC-V Sv39 over Sv39x4 (Privileged Architecture §4.4, §8.5.1), where a stage 2 leaf
 *       with W and not R is a fault, under a guest table.</li>
 * </ul>
 */
class OtherPairsTest {
    static final long HOST_OF_GUEST = 0x20_0000;

    static MemorySegment memory() {
        return Arena.ofAuto().allocate(0x40_0000, 16384);
    }

    static void put(MemorySegment m, long hpa, long value) {
        PhysicalMemory.of(m).writeLong(hpa, value, false);
    }

    /** A guest entry: guest table at guest physical {@code table}, at host {@code table + 0x20_0000}. */
    static void guest(MemorySegment m, long table, int index, long value) {
        put(m, HOST_OF_GUEST + table + index * 8L, value);
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void x86OverAmdNestedPaging(NestedEngine engine) {
        long p = 1, rw = 2, us = 4, ps = 0x80, all = p | rw | us;
        MemorySegment m = memory();
        // Nested tables (nCR3 = 0x1000), U/S = 1 everywhere: guest accesses are user-level (§15.25.5).
        put(m, 0x1000, 0x2000 | all);
        put(m, 0x2000, 0x3000 | all);
        put(m, 0x3000, 0x20_0000 | all | ps);                   // GPA 0..2 MiB -> HPA 0x20_0000
        put(m, 0x3008, 0x4000 | all);
        for (int i : new int[] {0, 1, 3}) {
            put(m, 0x4000 + 8L * i, 0x10_0000 + 0x1000L * i | all);
        }
        // Guest tables: CR3 = GPA 0x1000.
        guest(m, 0x1000, 0, 0x2000 | all);
        guest(m, 0x1000, 1, 0x20_2000 | all);                  // a PDPT stage 2 does not map
        guest(m, 0x2000, 0, 0x3000 | all);
        guest(m, 0x3000, 0, 0x4000 | all);
        guest(m, 0x3000, 1, 0x20_0000 | all | ps);              // 2 MiB page over 4 KiB nested pages
        guest(m, 0x4000, 3, 0x5000 | all);
        var w = engine.nested("x86_64", "amd_npt");
        Expect e = new Expect(w, PhysicalMemory.of(m), 0x1000, 0x1000);
        e.mapped(0x3abc, 0x20_5abc, 0x5abc, 0x1000);            // guest 4 KiB page inside a 2 MiB nested page
        NestedTranslation split = e.mapped(0x20_1234, 0x10_1234, 0x20_1234, 0x1000);
        assertEquals(0x20_0000, split.guest().size());
        e.mapped(0x20_3fff, 0x10_3fff, 0x20_3fff, 0x1000);
        e.hostFails(0x20_2000, -1, 0x20_2000, Failure.NOT_PRESENT, 3);
        e.hostFails(0x80_0000_0000L, 1, 0x20_2000, Failure.NOT_PRESENT, 3);
        Differential.compare(w, PhysicalMemory.of(m), new long[] {0x1000}, new long[] {0x1000},
                new TwoWalkerComposition(engine.walker("x86_64"), engine.walker("amd_npt"), m,
                        new long[] {0x1000}, new long[] {0x1000}),
                Differential.addresses(0, 0x80_0000_0000L));
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void aarch64Stage1OverStage2(NestedEngine engine) {
        long table = 0b11, block = 0b01, page = 0b11, af = 1 << 10, s2rw = 0b11 << 6;
        MemorySegment m = memory();
        // Stage 2: VTTBR_EL2 = 0x4000 (VMID 1): two concatenated level 1 tables at 0x4000..0x5fff.
        long vttbr = 0x0001_0000_0000_4000L;
        put(m, 0x4000, 0x6000 | table);
        put(m, 0x6000, 0x20_0000 | block | af | s2rw);          // IPA 0..2 MiB -> 0x20_0000, a 2 MiB block
        put(m, 0x6008, 0x7000 | table);
        for (int i : new int[] {0, 1, 3}) {
            put(m, 0x7000 + 8L * i, 0x10_0000 + 0x1000L * i | page | af | s2rw);
        }
        // Guest: TTBR0_EL1 = IPA 0x1000, TTBR1_EL1 = IPA 0x8000 (empty level 0 table).
        guest(m, 0x1000, 0, 0x2000 | table);
        guest(m, 0x1000, 1, 0x20_2000 | table);                // a level 1 table stage 2 does not map
        guest(m, 0x2000, 0, 0x3000 | table);
        guest(m, 0x3000, 0, 0x4000 | table);
        guest(m, 0x3000, 1, 0x20_0000 | block | af);            // 2 MiB block over 4 KiB stage 2 pages
        guest(m, 0x4000, 3, 0x5000 | page | af);
        var w = engine.nested("aarch64_4k", "aarch64_s2_4k");
        long[] guestRoots = {0x1000, 0x8000};
        Expect e = new Expect(w, PhysicalMemory.of(m), guestRoots, new long[] {vttbr});
        e.mapped(0x3abc, 0x20_5abc, 0x5abc, 0x1000);
        e.mapped(0x20_1234, 0x10_1234, 0x20_1234, 0x1000);
        e.hostFails(0x20_2000, -1, 0x20_2000, Failure.NOT_PRESENT, 2);
        e.hostFails(0x80_0000_0000L, 1, 0x20_2000, Failure.NOT_PRESENT, 2);
        e.guestFails(0xffff_0000_0000_0000L, Failure.NOT_PRESENT, 0);
        Differential.compare(w, PhysicalMemory.of(m), guestRoots, new long[] {vttbr},
                new TwoWalkerComposition(engine.walker("aarch64_4k"), engine.walker("aarch64_s2_4k"), m,
                        guestRoots, new long[] {vttbr}),
                Differential.addresses(0, 0x80_0000_0000L, 0xffff_0000_0000_0000L));
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void sv39OverSv39x4(NestedEngine engine) {
        long v = 1, r = 2, wr = 4, x = 8, u = 16, a = 64, d = 128;
        MemorySegment m = memory();
        // G-stage: hgatp PPN 4, a 16 KiB root at 0x4000; every leaf has U = 1 (G-stage accesses are user-level).
        long hgatp = 8L << 60 | 4;
        put(m, 0x4000, ptr(0x8000));
        put(m, 0x8000, leaf(0x20_0000, r | wr | x | u | a | d));   // GPA 0..2 MiB -> 0x20_0000, a megapage
        put(m, 0x8008, ptr(0x9000));
        for (int i : new int[] {0, 1, 3}) {
            put(m, 0x9000 + 8L * i, leaf(0x10_0000 + 0x1000L * i, r | wr | u | a | d));
        }
        put(m, 0x9000 + 8L * 4, leaf(0x10_4000, wr | u | a | d));    // W without R: reserved, a fault
        // Guest: satp PPN 1 (root at GPA 0x1000).
        long satp = 8L << 60 | 1;
        guest(m, 0x1000, 0, ptr(0x2000));
        guest(m, 0x1000, 1, ptr(0x20_2000));                   // a table stage 2 does not map
        guest(m, 0x2000, 0, ptr(0x3000));
        guest(m, 0x2000, 1, leaf(0x20_0000, r | wr | a | d));  // megapage over 4 KiB G-stage pages
        guest(m, 0x2000, 2, ptr(0x20_4000));                   // a table under the faulting G-stage leaf
        guest(m, 0x3000, 3, leaf(0x5000, r | a));
        var w = engine.nested("riscv_sv39", "riscv_sv39x4");
        Expect e = new Expect(w, PhysicalMemory.of(m), satp, hgatp);
        e.mapped(0x3abc, 0x20_5abc, 0x5abc, 0x1000);
        e.mapped(0x20_1234, 0x10_1234, 0x20_1234, 0x1000);
        e.hostFails(0x20_2000, -1, 0x20_2000, Failure.NOT_PRESENT, 2);
        e.hostFails(0x4000_0000L, 1, 0x20_2000, Failure.NOT_PRESENT, 2);
        NestedTranslation fault = e.hostFails(0x40_0000, 2, 0x20_4000, Failure.FAULT, 2);
        assertEquals(true, fault.host().message().contains("R = 0 with W = 1"), fault.host().message());
        Differential.compare(w, PhysicalMemory.of(m), new long[] {satp}, new long[] {hgatp},
                new TwoWalkerComposition(engine.walker("riscv_sv39"), engine.walker("riscv_sv39x4"), m,
                        new long[] {satp}, new long[] {hgatp}),
                Differential.addresses(0, 0x4000_0000L, 0xffff_ffc0_0000_0000L));
    }

    /** A RISC-V non-leaf PTE (§4.3.1): PPN at bit 10, V. */
    static long ptr(long pa) {
        return (pa >>> 12) << 10 | 1;
    }

    /** A RISC-V leaf PTE with the given flags (V added). */
    static long leaf(long pa, long flags) {
        return (pa >>> 12) << 10 | 1 | flags;
    }
}
