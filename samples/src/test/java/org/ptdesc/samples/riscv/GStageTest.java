package org.ptdesc.samples.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.riscv.Pte.A;
import static org.ptdesc.samples.riscv.Pte.D;
import static org.ptdesc.samples.riscv.Pte.R;
import static org.ptdesc.samples.riscv.Pte.U;
import static org.ptdesc.samples.riscv.Pte.W;
import static org.ptdesc.samples.riscv.Pte.X;
import static org.ptdesc.samples.riscv.Pte.leaf;
import static org.ptdesc.samples.riscv.Pte.pointer;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.DocumentedTree;
import org.ptdesc.samples.ShippedTree;
import org.ptdesc.samples.Translations;
import org.ptdesc.samples.WalkerEngine;

/**
 * {@code riscv_sv39x4}, {@code riscv_sv48x4} and {@code riscv_sv57x4} on G-stage tables built
 * by hand from the Privileged Architecture (20211203) §8.5.1: guest physical addresses two
 * bits wider than Sv39/Sv48/Sv57 (41, 50, 59 bits; anything above is a guest-page fault), a
 * 16 KiB root table of 2048 entries located by hgatp.PPN with PPN[1:0] ignored, and otherwise
 * the Sv PTE rules of §4.3. Both engines.
 */
class GStageTest {

    /** hgatp (§8.2): MODE in 63:60, VMID in 57:44, PPN in 43:0; root at 0x10000, PPN 0x10. */
    static long hgatp(int mode, long ppn) {
        return (long) mode << 60 | 0x5L << 44 | ppn;
    }

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void sv39x4(WalkerEngine engine) {
        TreeWalker w = engine.walker("riscv_sv39x4");
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10_0000, 16384));
        // Root table 0x10000..0x13fff: VPN[2] = GPA[40:30], 11 bits.
        mem.writeLong(0x10000 + 0 * 8, pointer(0x20000), false);
        // GPA 0x100_4000_0000: VPN[2] = 1025 (bit 40 set), entry at 0x10000 + 1025 * 8 = 0x12008.
        mem.writeLong(0x12008, leaf(0x8000_0000L, R | W | U | A | D), false);
        // GPA 0x1ff_ffff_f000, the last page: VPN[2] = 2047 at 0x13ff8, VPN[1] = VPN[0] = 511.
        mem.writeLong(0x13ff8, pointer(0x21000), false);
        mem.writeLong(0x21000 + 511 * 8, pointer(0x22000), false);
        mem.writeLong(0x22000 + 511 * 8, leaf(0x9_8765_4000L, R | X | U | A), false);
        mem.writeLong(0x20000 + 1 * 8, leaf(0x4060_0000L, R | U | A), false);    // 2 MiB megapage at VPN[1] = 1
        mem.writeLong(0x20000 + 2 * 8, leaf(0x4060_1000L, R | U | A), false);    // misaligned megapage
        mem.writeLong(0x20000 + 3 * 8, pointer(0x23000) | U, false);             // U in a non-leaf PTE
        // hgatp.PPN = 0x13: PPN[1:0] are WARL zero, so the root is still at 0x10000.
        Translations t = new Translations(w, mem, hgatp(8, 0x13));
        Translation giga = t.mapped(0x100_4000_0abcL, 0x8000_0abcL, 0, 0x4000_0000L);
        assertEquals(1, ShippedTree.attribute(w, "user").valueIn(giga.attributes()));
        assertEquals(1, ShippedTree.attribute(w, "writable").valueIn(giga.attributes()));
        Translation last = t.mapped(0x1ff_ffff_ffffL, 0x9_8765_4fffL, 2, 0x1000);
        assertEquals(0, ShippedTree.attribute(w, "writable").valueIn(last.attributes()));
        assertEquals(1, ShippedTree.attribute(w, "executable").valueIn(last.attributes()));
        t.mapped(0x21_2345L, 0x4061_2345L, 1, 0x20_0000);                       // 2 MiB + 0x12345
        t.faults(0x40_0000L, 1, "misaligned superpage");
        t.faults(0x60_0000L, 1, "non-leaf PTE");
        t.fails(0x4000_0000L, Failure.NOT_PRESENT, 0);                          // VPN[2] = 1 is zero
        t.fails(0x200_0000_0000L, Failure.OUT_OF_RANGE, -1);                    // GPA bit 41 set
        t.fails(0xffff_ffff_ffff_f000L, Failure.OUT_OF_RANGE, -1);              // not sign-extended
    }

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void sv48x4(WalkerEngine engine) {
        TreeWalker w = engine.walker("riscv_sv48x4");
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10_0000, 16384));
        // Root at 0x4000 (PPN 4): VPN[3] = GPA[49:39]. GPA 0x3_ff80_0000_0000 has VPN[3] = 2047.
        mem.writeLong(0x4000 + 2047 * 8, pointer(0x8000), false);
        mem.writeLong(0x8000, leaf(0x1_4000_0000L, R | W | U | A | D), false);  // 1 GiB gigapage at VPN[2] = 0
        // VPN[3] = 1024 (GPA bit 49): a 512 GiB terapage must have PPN[2:0] = 0, i.e. be 512 GiB aligned.
        mem.writeLong(0x4000 + 1024 * 8, leaf(0x80_0000_0000L, R | U | A), false);
        Translations t = new Translations(w, mem, hgatp(9, 0x4));
        t.mapped(0x3_ff80_1234_5678L, 0x1_5234_5678L, 1, 0x4000_0000L);
        t.mapped(0x2_0000_0000_0001L, 0x80_0000_0001L, 0, 0x80_0000_0000L);
        t.fails(0x4_0000_0000_0000L, Failure.OUT_OF_RANGE, -1);                  // 2^50
        t.fails(0x1_0000_0000_0000L, Failure.NOT_PRESENT, 0);
    }

    @ParameterizedTest
    @EnumSource(WalkerEngine.class)
    void sv57x4(WalkerEngine engine) {
        TreeWalker w = engine.walker("riscv_sv57x4");
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10_0000, 16384));
        // Root at 0xc000 (PPN 0xc): VPN[4] = GPA[58:48]; GPA 0x7ff_0000_0000_0000 has VPN[4] = 2047.
        mem.writeLong(0xc000 + 2047 * 8, pointer(0x1_0000), false);
        mem.writeLong(0x1_0000 + 511 * 8, pointer(0x1_1000), false);            // VPN[3] = 511
        mem.writeLong(0x1_1000, pointer(0x1_2000), false);                      // VPN[2] = 0
        mem.writeLong(0x1_2000, pointer(0x1_3000), false);                      // VPN[1] = 0
        mem.writeLong(0x1_3000 + 7 * 8, leaf(0xabc_d000L, R | U | A), false);   // VPN[0] = 7
        Translations t = new Translations(w, mem, hgatp(10, 0xc));
        // GPA 0x7ff_0000_0000_0000 | 511 << 39 | 7 << 12 | 0x3ff = 0x7ff_ff80_0000_73ff.
        t.mapped(0x7ff_ff80_0000_73ffL, 0xabc_d3ffL, 4, 0x1000);
        t.fails(0x800_0000_0000_0000L, Failure.OUT_OF_RANGE, -1);                // 2^59
        t.fails(0, Failure.NOT_PRESENT, 0);
    }

    @Test
    void documented() {
        DocumentedTree.assertCleanAndDocumented("riscv_sv39x4");
        DocumentedTree.assertCleanAndDocumented("riscv_sv48x4");
        DocumentedTree.assertCleanAndDocumented("riscv_sv57x4");
    }
}
