package org.ptdesc.samples.riscv;

import static org.ptdesc.samples.riscv.Pte.R;
import static org.ptdesc.samples.riscv.Pte.V;
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
 * {@code riscv_sv57.ptdesc} on a hand-built tree (§4.3.1, §4.6.1), expectations from §4.3.2
 * worked out by hand: a leaf at each of the five levels (256 TiB petapage to 4 KiB page),
 * misaligned superpages, a last-level pointer, the canonical ends of the 57-bit space.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Sv57Test {

    /** satp: MODE = 10 (Sv57), PPN 1: root table at 0x1000. */
    static final long SATP = 10L << 60 | 1;

    final TreeWalker walker;
    final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x1_0000, 4096));
    final Translations t;


    Sv57Test(Engine engine) {
        this.walker = engine.walker("riscv_sv57");
        this.t = new Translations(walker, mem, SATP);
        // Level 4 (VPN[4], VA[56:48]).
        put(0x1000, 0, pointer(0x2000));
        put(0x1000, 1, leaf(0x1_0000_0000_0000L, R));               // 256 TiB petapage
        put(0x1000, 2, leaf(0x1_0080_0000_0000L, R));               // misaligned: PPN[3] != 0
        put(0x1000, 255, pointer(0x7000));
        put(0x1000, 256, leaf(0x2_0000_0000_0000L, R | X));
        put(0x1000, 511, leaf(0xff_0000_0000_0000L, R | W));        // the highest petapage of the 56-bit space
        // Level 3 (VPN[3], VA[47:39]).
        put(0x2000, 0, pointer(0x3000));
        put(0x2000, 1, leaf(0x80_0000_0000L, R));                   // terapage
        put(0x2000, 2, leaf(0x80_0020_0000L, R));                   // misaligned: PPN[0] != 0
        put(0x7000, 511, leaf(0x80_0000_0000L, R | W));
        // Level 2, level 1, level 0.
        put(0x3000, 0, pointer(0x4000));
        put(0x3000, 1, leaf(0x4000_0000L, R));                      // gigapage
        put(0x4000, 0, pointer(0x5000));
        put(0x4000, 1, leaf(0x20_0000, R));                         // megapage
        put(0x5000, 1, leaf(0x1234_5000L, R | W));
        put(0x5000, 2, V);                                          // pointer at the last level
    }

    void put(long tableAddress, int index, long pte) {
        mem.writeLong(tableAddress + 8L * index, pte, false);
    }

    @Test
    void leavesAtEveryLevel() {
        t.mapped(0x1abc, 0x1234_5abcL, 4, 0x1000);
        t.mapped(0x3f_ffff, 0x3f_ffff, 3, 0x20_0000);
        t.mapped(0x7fff_ffffL, 0x7fff_ffffL, 2, 0x4000_0000);
        t.mapped(0xff_ffff_ffffL, 0xff_ffff_ffffL, 1, 0x80_0000_0000L);
        t.mapped(0x1_2345_6789_abcdL, 0x1_2345_6789_abcdL, 0, 0x1_0000_0000_0000L); // petapage: pa.ppn[3:0] = va.vpn[3:0]
    }

    @Test
    void holesAndFaults() {
        t.fails(0x0, Failure.NOT_PRESENT, 4);                           // lowest address: V = 0
        t.faults(0x2_0000_0000_0000L, 0, "misaligned superpage");       // step 6 at level 4
        t.faults(0x100_0000_0000L, 1, "misaligned superpage");          // step 6 at level 3
        t.faults(0x2000, 4, "a pointer (R = W = X = 0) at the last level"); // step 4
    }

    @Test
    void canonicalEndsAndNonCanonicalAddresses() {
        t.mapped(0x00ff_ffff_ffff_ffffL, 0xff_ffff_ffffL, 1, 0x80_0000_0000L);           // highest lower-half address
        t.mapped(0xff00_0000_0000_0000L, 0x2_0000_0000_0000L, 0, 0x1_0000_0000_0000L);   // lowest upper-half address
        t.mapped(0xffff_ffff_ffff_ffffL, 0xff_ffff_ffff_ffffL, 0, 0x1_0000_0000_0000L);  // highest address, highest pa
        // §4.6.1: bits 63:57 must equal bit 56.
        for (long va : new long[] {0x0100_0000_0000_0000L, 0xfeff_ffff_ffff_ffffL, 0x8000_0000_0000_0000L}) {
            t.fails(va, Failure.OUT_OF_RANGE, -1);
        }
    }
}
