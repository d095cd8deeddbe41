package org.ptdesc.samples.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.riscv.Pte.A;
import static org.ptdesc.samples.riscv.Pte.D;
import static org.ptdesc.samples.riscv.Pte.G;
import static org.ptdesc.samples.riscv.Pte.R;
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
import org.ptdesc.samples.Translations;

/**
 * {@code riscv_sv32.ptdesc} on a tree of 32-bit PTEs built byte by byte from §4.3.1,
 * expectations worked out by hand from §4.3.2: 4 MiB megapages and 4 KiB pages with 34-bit
 * physical addresses, every declared fault, the ends of the 32-bit space, and the attributes.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Sv32Test {

    /** satp (RV32): MODE = 1 (Sv32), ASID 5, PPN 1: the root table is at 0x1000. */
    static final long SATP = 1L << 31 | 5L << 22 | 1;

    final TreeWalker walker;
    final PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x1_0000, 4096));
    final Translations t;


    Sv32Test(Engine engine) {
        this.walker = engine.walker("riscv_sv32");
        this.t = new Translations(walker, mem, SATP);
        // Level 1 (VPN[1], VA[31:22]) at 0x1000.
        put(0x1000, 0, pointer(0x2000));
        put(0x1000, 1, leaf(0x3_ffc0_0000L, R | W | A | D));      // the highest 4 MiB of the 34-bit space
        put(0x1000, 2, leaf(0x40_1000, R));                       // misaligned: PPN[0] != 0
        put(0x1000, 3, V | W);                                    // R = 0, W = 1
        put(0x1000, 4, pointer(0x3000) | A);                      // non-leaf with A
        put(0x1000, 5, 0xffff_fffeL);                             // V = 0, every other bit set
        put(0x1000, 1023, pointer(0x3000) | G);                   // global pointer at the top
        // Level 0 (VPN[0], VA[21:12]).
        put(0x2000, 1, leaf(0x1_2345_6000L, R | X | U | A));      // a page above 4 GiB
        put(0x2000, 2, pointer(0x4000));                          // pointer at the last level
        put(0x2000, 3, V | W | X);                                // R = 0, W = 1
        put(0x3000, 1023, leaf(0x3_ffff_f000L, R | W));           // the highest physical page
    }

    void put(long tableAddress, int index, long pte) {
        mem.writeInt(tableAddress + 4L * index, (int) pte, false);
    }

    @Test
    void pagesAndMegapages() {
        t.mapped(0x1234, 0x1_2345_6234L, 1, 0x1000);                 // §4.3.2 step 8, 34-bit pa
        t.mapped(0x7f_fabc, 0x3_ffff_fabcL, 0, 0x40_0000);           // megapage: pa.ppn[0] = va.vpn[0]
        t.mapped(0xffff_ffffL, 0x3_ffff_ffffL, 1, 0x1000);           // highest address, highest pa
    }

    @Test
    void holesAndFaults() {
        t.fails(0x0, Failure.NOT_PRESENT, 1);                        // lowest address: V = 0
        t.fails(0x140_0000, Failure.NOT_PRESENT, 0);                 // V = 0, other bits are software's
        t.faults(0x80_0000, 0, "misaligned superpage");              // step 6
        t.faults(0xc0_0000, 0, "R = 0 with W = 1");                  // step 3
        t.faults(0x3000, 1, "R = 0 with W = 1");                     // W + X without R
        t.faults(0x100_0000, 0, "D, A or U set in a non-leaf PTE");  // §4.3.1
        t.faults(0x2000, 1, "a pointer (R = W = X = 0) at the last level"); // step 4
        // Sv32 addresses are 32 bits: nothing above 0xffff_ffff (no sign extension).
        t.fails(0x1_0000_0000L, Failure.OUT_OF_RANGE, -1);
        t.fails(0xffff_ffff_ffff_f000L, Failure.OUT_OF_RANGE, -1);
    }

    @Test
    void attributes() {
        Translation mega = walker.translateDetailed(mem, SATP, 0x40_0000);
        assertEquals("readable,writable,accessed,dirty", walker.info().describeAttributes(mega.attributes()));
        // §4.3.1: the global pointer above makes the non-global page global.
        Translation top = walker.translateDetailed(mem, SATP, 0xffff_f000L);
        assertEquals("readable,writable,global", walker.info().describeAttributes(top.attributes()));
    }

    @Test
    void walkEventsOfTheFirstMegapage() {
        EventLog log = new EventLog(walker.info());
        walker.walk(mem, SATP, 0, 0x3f_ffff, log);
        assertEquals(List.of(
                "pre 0x0..0x3fffff level 0 table 0x1000",
                "pre 0x0..0x3fffff level 1 table 0x2000",
                "hole 0x0..0xfff level 1",
                "leaf 0x1000 -> 0x123456000 size 0x1000 level 1 readable,executable,user,accessed",
                "fault 0x2000..0x2fff level 1 FAULT a pointer (R = W = X = 0) at the last level (§4.3.2 step 4)",
                "fault 0x3000..0x3fff level 1 FAULT R = 0 with W = 1 is reserved (§4.3.2 step 3)",
                "hole 0x4000..0x3fffff level 1",
                "post 0x0..0x3fffff level 1 table 0x2000",
                "post 0x0..0x3fffff level 0 table 0x1000"), log.events());
    }
}
