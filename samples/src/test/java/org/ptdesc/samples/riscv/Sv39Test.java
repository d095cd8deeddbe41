package org.ptdesc.samples.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.riscv.Pte.A;
import static org.ptdesc.samples.riscv.Pte.D;
import static org.ptdesc.samples.riscv.Pte.G;
import static org.ptdesc.samples.riscv.Pte.N;
import static org.ptdesc.samples.riscv.Pte.PBMT_NC;
import static org.ptdesc.samples.riscv.Pte.R;
import static org.ptdesc.samples.riscv.Pte.RESERVED_54;
import static org.ptdesc.samples.riscv.Pte.U;
import static org.ptdesc.samples.riscv.Pte.V;
import static org.ptdesc.samples.riscv.Pte.W;
import static org.ptdesc.samples.riscv.Pte.X;
import static org.ptdesc.samples.riscv.Pte.leaf;
import static org.ptdesc.samples.riscv.Pte.pointer;

import java.lang.foreign.Arena;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;
import org.ptdesc.samples.EventLog;
import org.ptdesc.samples.ShippedTree;
import org.ptdesc.samples.Translations;

/**
 * {@code riscv_sv39.ptdesc} on a tree built byte by byte from the Privileged Architecture's PTE
 * layout (§4.3.1, §4.4.1), expectations worked out by hand from the translation process of
 * §4.3.2: leaves at every level, every fault the descriptor declares, V = 0 holes, the ends of
 * both canonical halves, non-canonical addresses, and the attributes of §4.3.1.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Sv39Test {

    /** satp: MODE = 8 (Sv39), ASID 0x1234, PPN 1: the root table is at 0x1000. */
    static final long SATP = 8L << 60 | 0x1234L << 44 | 1;

    final TreeWalker walker;
    final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x1_0000, 4096));
    final Translations t;


    Sv39Test(Engine engine) {
        this.walker = engine.walker("riscv_sv39");
        this.t = new Translations(walker, mem, SATP);
        // Level 2 (VPN[2], VA[38:30]) at 0x1000.
        put(0x1000, 0, pointer(0x2000));
        put(0x1000, 1, leaf(0x8000_0000L, R | W | U | A | D));     // 1 GiB gigapage
        put(0x1000, 2, leaf(0x8020_0000L, R | A));                 // misaligned: PPN[1] != 0
        put(0x1000, 3, 0xffff_ffff_ffff_fffeL);                    // V = 0, every other bit set
        put(0x1000, 4, pointer(0x3000) | W);                       // R = 0, W = 1
        put(0x1000, 5, pointer(0x3000) | A);                       // non-leaf with A
        put(0x1000, 6, pointer(0x3000) | U);                       // non-leaf with U
        put(0x1000, 7, pointer(0x3000) | D);                       // non-leaf with D
        put(0x1000, 8, leaf(0x4000_0000L, R) | N);                 // N without Svnapot
        put(0x1000, 9, leaf(0x4000_0000L, R) | PBMT_NC);           // PBMT without Svpbmt
        put(0x1000, 10, pointer(0x3000) | W | X);                  // R = 0, W = 1, X = 1
        put(0x1000, 11, pointer(0x4000) | G);                      // global pointer
        put(0x1000, 12, leaf(0xc000_0000L, X | A));                // execute-only gigapage
        put(0x1000, 255, pointer(0x5000));                         // top of the lower half
        put(0x1000, 256, leaf(0x1_0000_0000L, R | X | G | A));     // bottom of the upper half
        put(0x1000, 511, pointer(0x7000));                         // top of the upper half
        // Level 1 (VPN[1], VA[29:21]).
        put(0x2000, 0, pointer(0x3000));
        put(0x2000, 1, leaf(0x60_0000, R | W | U | A | D));        // 2 MiB megapage
        put(0x2000, 2, leaf(0x60_1000, R));                        // misaligned: PPN[0] != 0
        put(0x2000, 4, R);                                         // V = 0 with R set
        put(0x4000, 0, leaf(0x60_0000, R));
        put(0x5000, 511, pointer(0x6000));
        put(0x7000, 511, leaf(0x20_0000, R | W));
        // Level 0 (VPN[0], VA[20:12]).
        put(0x3000, 1, leaf(0xff_ffff_ffff_f000L, R | X | U | G | A)); // highest 56-bit physical page
        put(0x3000, 2, pointer(0x8000));                           // pointer at the last level
        put(0x3000, 3, V | W);                                     // R = 0, W = 1
        put(0x3000, 4, leaf(0x9000, R) | RESERVED_54);
        put(0x3000, 5, leaf(0xa000, R | W | X | U | A | D));
        put(0x3000, 6, V | W | X);                                 // R = 0, W = 1, X = 1
        put(0x6000, 511, leaf(0x7000, R | W | A | D));
    }

    void put(long tableAddress, int index, long pte) {
        mem.writeLong(tableAddress + 8L * index, pte, false);
    }

    @Test
    void leavesAtEveryLevel() {
        t.mapped(0x1abc, 0xff_ffff_ffff_fabcL, 2, 0x1000);              // §4.3.2 step 8: pa = ppn × 4096 + offset
        t.mapped(0x5000, 0xa000, 2, 0x1000);
        t.mapped(0x2a_bcdeL, 0x6a_bcdeL, 1, 0x20_0000);                 // step 8: superpage, pa.ppn[0] = va.vpn[0]
        t.mapped(0x5234_5678L, 0x9234_5678L, 0, 0x4000_0000);           // gigapage: pa.ppn[1:0] = va.vpn[1:0]
        t.mapped(0x3_0000_0123L, 0xc000_0123L, 0, 0x4000_0000);         // X-only is a leaf too (step 4)
    }

    @Test
    void invalidEntriesAreHoles() {
        t.fails(0x0, Failure.NOT_PRESENT, 2);                           // lowest address, V = 0 (step 3)
        t.fails(0x60_0000, Failure.NOT_PRESENT, 1);
        t.fails(0x80_0000, Failure.NOT_PRESENT, 1);                     // V = 0 even with R set
        t.fails(0xc000_0000L, Failure.NOT_PRESENT, 0);                  // V = 0, other bits are software's
    }

    @Test
    void everyDeclaredFault() {
        t.faults(0x8000_0000L, 0, "misaligned superpage");              // step 6, PPN[1:0] != 0
        t.faults(0x40_0000, 1, "misaligned superpage");                 // step 6, PPN[0] != 0
        t.faults(0x1_0000_0000L, 0, "R = 0 with W = 1");                // step 3
        t.faults(0x2_8000_0000L, 0, "R = 0 with W = 1");                // W + X without R (step 3)
        t.faults(0x3000, 2, "R = 0 with W = 1");
        t.faults(0x6000, 2, "R = 0 with W = 1");
        t.faults(0x1_4000_0000L, 0, "D, A or U set in a non-leaf PTE"); // §4.3.1: reserved in non-leaf PTEs
        t.faults(0x1_8000_0000L, 0, "D, A or U set in a non-leaf PTE");
        t.faults(0x1_c000_0000L, 0, "D, A or U set in a non-leaf PTE");
        t.faults(0x2_0000_0000L, 0, "reserved PTE bits 63:54");         // §4.4.1: N without Svnapot
        t.faults(0x2_4000_0000L, 0, "reserved PTE bits 63:54");         // PBMT without Svpbmt
        t.faults(0x4000, 2, "reserved PTE bits 63:54");                 // bit 54
        t.faults(0x2000, 2, "a pointer (R = W = X = 0) at the last level"); // step 4: i < 0
    }

    @Test
    void canonicalEndsAndNonCanonicalAddresses() {
        t.mapped(0x3f_ffff_ffffL, 0x7fff, 2, 0x1000);                     // highest lower-half address
        t.mapped(0xffff_ffc0_0000_0000L, 0x1_0000_0000L, 0, 0x4000_0000);  // lowest upper-half address
        t.mapped(0xffff_ffff_ffff_ffffL, 0x3f_ffff, 1, 0x20_0000);         // highest address
        // §4.4.1: bits 63:39 must equal bit 38, or the access page-faults before any walk.
        for (long va : new long[] {0x40_0000_0000L, 0xffff_ffbf_ffff_ffffL, 0x8000_0000_0000_0000L,
                0x0000_8000_0000_1000L}) {
            t.fails(va, Failure.OUT_OF_RANGE, -1);
        }
        // satp.MODE and satp.ASID are not part of the root address.
        new Translations(walker, mem, 1).mapped(0x1abc, 0xff_ffff_ffff_fabcL, 2, 0x1000);
    }

    @Test
    void attributesOfTheLeafAndInheritedGlobal() {
        assertAttributes(0x4000_0000L, "readable", 1, "writable", 1, "executable", 0, "user", 1, "global", 0,
                "accessed", 1, "dirty", 1);
        // §4.3.1: a global non-leaf PTE makes every mapping below it global; the leaf has G = 0.
        assertAttributes(0x2_c000_0000L, "readable", 1, "writable", 0, "user", 0, "global", 1, "accessed", 0);
        assertAttributes(0x1000, "readable", 1, "executable", 1, "writable", 0, "user", 1, "global", 1, "dirty", 0);
        assertAttributes(0x3_0000_0000L, "readable", 0, "writable", 0, "executable", 1, "global", 0);
    }

    void assertAttributes(long va, Object... expected) {
        Translation x = walker.translateDetailed(mem, SATP, va);
        for (int i = 0; i < expected.length; i += 2) {
            String name = (String) expected[i];
            assertEquals((long) (int) expected[i + 1], ShippedTree.attribute(walker, name).valueIn(x.attributes()),
                    name + " of 0x" + Long.toHexString(va));
        }
    }

    @Test
    void walkEventsOfTheFirstEightMegabytes() {
        EventLog log = new EventLog(walker.info());
        walker.walk(mem, SATP, 0, 0x7f_ffff, log);
        assertEquals(List.of(
                "pre 0x0..0x7fffff level 0 table 0x1000",
                "pre 0x0..0x7fffff level 1 table 0x2000",
                "pre 0x0..0x1fffff level 2 table 0x3000",
                "hole 0x0..0xfff level 2",
                "leaf 0x1000 -> 0xfffffffffff000 size 0x1000 level 2 readable,executable,user,global,accessed",
                "fault 0x2000..0x2fff level 2 FAULT a pointer (R = W = X = 0) at the last level (§4.3.2 step 4)",
                "fault 0x3000..0x3fff level 2 FAULT R = 0 with W = 1 is reserved (§4.3.2 step 3)",
                "fault 0x4000..0x4fff level 2 FAULT reserved PTE bits 63:54 set (§4.4.1, §4.3.2 step 3)",
                "leaf 0x5000 -> 0xa000 size 0x1000 level 2 readable,writable,executable,user,accessed,dirty",
                "fault 0x6000..0x6fff level 2 FAULT R = 0 with W = 1 is reserved (§4.3.2 step 3)",
                "hole 0x7000..0x1fffff level 2",
                "post 0x0..0x1fffff level 2 table 0x3000",
                "leaf 0x200000 -> 0x600000 size 0x200000 level 1 readable,writable,user,accessed,dirty",
                "fault 0x400000..0x5fffff level 1 FAULT misaligned superpage: PPN[0] is not zero (§4.3.2 step 6)",
                "hole 0x600000..0x7fffff level 1",
                "post 0x0..0x7fffff level 1 table 0x2000",
                "post 0x0..0x7fffff level 0 table 0x1000"), log.events());
    }
}
