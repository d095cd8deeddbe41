package org.ptdesc.samples.riscv;

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
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;
import org.ptdesc.samples.Translations;

/**
 * {@code riscv_sv48.ptdesc} on a hand-built tree (§4.3.1, §4.5.1), expectations from §4.3.2
 * worked out by hand: a leaf at each of the four levels (512 GiB terapage to 4 KiB page), a
 * misaligned superpage at each superpage level, a last-level pointer, the canonical ends.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Sv48Test {

    /** satp: MODE = 9 (Sv48), PPN 1: root table at 0x1000. */
    static final long SATP = 9L << 60 | 1;

    final TreeWalker walker;
    final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x1_0000, 4096));
    final Translations t;


    Sv48Test(Engine engine) {
        this.walker = engine.walker("riscv_sv48");
        this.t = new Translations(walker, mem, SATP);
        // Level 3 (VPN[3], VA[47:39]).
        put(0x1000, 0, pointer(0x2000));
        put(0x1000, 1, leaf(0x80_0000_0000L, R | W));            // 512 GiB terapage
        put(0x1000, 2, leaf(0x80_4000_0000L, R));                // misaligned: PPN[2] != 0
        put(0x1000, 3, pointer(0x2000) | U);                     // non-leaf with U
        put(0x1000, 255, pointer(0x5000));
        put(0x1000, 256, leaf(0, R | X));
        put(0x1000, 511, pointer(0x6000));
        // Level 2 (VPN[2], VA[38:30]).
        put(0x2000, 0, pointer(0x3000));
        put(0x2000, 1, leaf(0x4000_0000L, R | A));               // 1 GiB gigapage
        put(0x2000, 2, leaf(0x4020_0000L, R));                   // misaligned: PPN[1] != 0
        put(0x5000, 511, leaf(0x4000_0000L, R));
        put(0x6000, 511, pointer(0x7000));
        // Level 1 (VPN[1], VA[29:21]).
        put(0x3000, 0, pointer(0x4000));
        put(0x3000, 1, leaf(0x20_0000, R | U));                  // 2 MiB megapage
        put(0x3000, 2, leaf(0x20_1000, R));                      // misaligned: PPN[0] != 0
        put(0x7000, 511, pointer(0x8000));
        // Level 0 (VPN[0], VA[20:12]).
        put(0x4000, 1, leaf(0xabc_d000L, R | W));
        put(0x4000, 2, pointer(0x9000));                         // pointer at the last level
        put(0x8000, 511, leaf(0x9000, R | W | A | D));
    }

    void put(long tableAddress, int index, long pte) {
        mem.writeLong(tableAddress + 8L * index, pte, false);
    }

    @Test
    void leavesAtEveryLevel() {
        t.mapped(0x1234, 0xabc_d234L, 3, 0x1000);                     // §4.3.2 step 8
        t.mapped(0x2f_0000, 0x2f_0000, 2, 0x20_0000);                 // megapage
        t.mapped(0x4abc_0000L, 0x4abc_0000L, 1, 0x4000_0000);          // gigapage
        t.mapped(0xab_cdef_0123L, 0xab_cdef_0123L, 0, 0x80_0000_0000L); // terapage: pa.ppn[2:0] = va.vpn[2:0]
    }

    @Test
    void holesAndFaults() {
        t.fails(0x0, Failure.NOT_PRESENT, 3);                          // lowest address: V = 0
        t.fails(0x2000_0000_0000L, Failure.NOT_PRESENT, 0);            // level 3 entry 64 = 0
        t.faults(0x100_0000_0000L, 0, "misaligned superpage");         // step 6 at level 3
        t.faults(0x8000_0000L, 1, "misaligned superpage");             // step 6 at level 2
        t.faults(0x40_0000, 2, "misaligned superpage");                // step 6 at level 1
        t.faults(0x180_0000_0000L, 0, "D, A or U set in a non-leaf PTE"); // §4.3.1
        t.faults(0x2000, 3, "a pointer (R = W = X = 0) at the last level"); // step 4
    }

    @Test
    void canonicalEndsAndNonCanonicalAddresses() {
        t.mapped(0x7fff_ffff_ffffL, 0x7fff_ffffL, 1, 0x4000_0000);               // highest lower-half address
        t.mapped(0xffff_8000_0000_0000L, 0x0, 0, 0x80_0000_0000L);                // lowest upper-half address
        t.mapped(0xffff_ffff_ffff_ffffL, 0x9fff, 3, 0x1000);                     // highest address
        // §4.5.1: bits 63:48 must equal bit 47.
        for (long va : new long[] {0x0000_8000_0000_0000L, 0xffff_7fff_ffff_ffffL, 0x0001_0000_0000_0000L}) {
            t.fails(va, Failure.OUT_OF_RANGE, -1);
        }
    }
}
