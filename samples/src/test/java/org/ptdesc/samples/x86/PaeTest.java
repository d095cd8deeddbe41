package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.samples.x86.X86Bits.G;
import static org.ptdesc.samples.x86.X86Bits.P;
import static org.ptdesc.samples.x86.X86Bits.PCD;
import static org.ptdesc.samples.x86.X86Bits.PS;
import static org.ptdesc.samples.x86.X86Bits.PWT;
import static org.ptdesc.samples.x86.X86Bits.RW;
import static org.ptdesc.samples.x86.X86Bits.US;
import static org.ptdesc.samples.x86.X86Bits.XD;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;

/**
 * {@code x86_pae.ptdesc} against a tree built by hand from SDM Vol. 3A §4.4 (PAE paging): a
 * four-entry PDPT at a 32-byte (not 4 KiB) aligned CR3, the reserved bits of a PDPTE (bits 8:5
 * only with {@code STRICT_PDPTE = 1}, since QEMU sets bit 5 in the dumps it makes), 2 MiB
 * and 4 KiB pages, XD, the rights of §4.6 (to which PDPTEs contribute nothing), the lowest and
 * highest addresses, and a walk.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class PaeTest {

    /** Table 4-7: CR3 bits 31:5 locate the PDPT (here 0x1020); bits 4:0 are ignored. */
    static final long CR3 = 0x1020 | PWT | PCD | 0x7;

    final Engine engine;
    final TreeWalker walker;

    PaeTest(Engine engine) {
        this.engine = engine;
        this.walker = engine.walker("x86_pae");
    }

    /** PDPT 0x1020; page directories 0x2000 and 0x4000; page tables 0x5000, 0x6000, 0xa000, 0xc000. */
    static PhysicalMemory tree() {
        RawTables t = new RawTables(1 << 20, 8);
        t.put(0x1020, 0, 0x2000 | P);                              // PDPTE -> PD (Table 4-8)
        t.put(0x1020, 1, 0x3000);                                  // P = 0
        t.put(0x1020, 2, 0x3000 | P | RW);                         // bit 1 is reserved in a PDPTE
        t.put(0x1020, 3, 0x4000 | P | 0xe00);                      // bits 11:9 are ignored
        t.put(0x2000, 0, 0x5000 | P | RW | US);                    // PDE -> PT (Table 4-10)
        t.put(0x2000, 1, 0xf_ffe0_0000L | P | PS | RW | US | XD | G); // 2 MiB page above 4 GiB (Table 4-9)
        t.put(0x2000, 2, 0x6000 | P | US);                         // PDE with R/W = 0
        t.put(0x2000, 3, 0x60_0000 | PS | RW | US);                // PS = 1 but P = 0
        t.put(0x2000, 4, 0xc000 | P | RW | US | XD);               // XD in a PDE that references a PT
        t.put(0x4000, 0, 0xf_0000_0000L | P | RW | US);            // page table outside the memory
        t.put(0x4000, 511, 0xa000 | P | RW);                       // U/S = 0 for the top 2 MiB
        t.put(0x5000, 1, 0x7000 | P | RW | US);                    // PTE (Table 4-11)
        t.put(0x5000, 2, 0x8000 | P | RW | US | XD);
        t.put(0x5000, 511, 0x000f_ffff_ffff_f000L | P | RW | US);  // highest frame with M = 52
        t.put(0x6000, 0, 0x9000 | P | RW | US);
        t.put(0xa000, 511, 0xb000 | P | RW | US);
        t.put(0xc000, 0, 0xd000 | P | RW | US);
        return t.memory();
    }

    static Translation translate(TreeWalker walker, PhysicalMemory mem, long va) {
        return walker.translateDetailed(mem, CR3, va);
    }

    Translation translate(long va) {
        return translate(walker, tree(), va);
    }

    @Test
    void twoMebibyteAndFourKibibytePages() {
        // §4.4.2, Table 4-11: pa = PTE[51:12] | va[11:0].
        Outcome.mapped(translate(0x1abc), 0x7abc, 2, 0x1000);
        Outcome.mapped(translate(0x1f_f123), 0x000f_ffff_ffff_f123L, 2, 0x1000);
        Outcome.mapped(translate(0x80_0042), 0xd042, 2, 0x1000);
        // Table 4-9: a PDE with PS = 1 maps 2 MiB; pa = PDE[51:21] | va[20:0].
        Outcome.mapped(translate(0x20_0000), 0xf_ffe0_0000L, 1, 0x20_0000);
        Outcome.mapped(translate(0x3f_ffff), 0xf_ffff_ffffL, 1, 0x20_0000);
        // PDPTE 3 has ignored bits 11:9 set (Table 4-8): it still references the PD at 0x4000.
        Outcome.mapped(translate(0xffff_f000L), 0xb000, 2, 0x1000);
    }

    @Test
    void notPresentAtEveryLevel() {
        Outcome.failed(translate(0x4000_0000L), Failure.NOT_PRESENT, 0);   // PDPTE 1, P = 0 (§4.4.1)
        Outcome.failed(translate(0x60_0000), Failure.NOT_PRESENT, 1);      // PDE 3: PS but P = 0
        Outcome.failed(translate(0xa0_0000), Failure.NOT_PRESENT, 1);      // PDE 5: zero
        Outcome.failed(translate(0x3000), Failure.NOT_PRESENT, 2);         // PTE 3: zero
        // PDE 0 of the PD at 0x4000 references a page table at 0xf_0000_0000, outside the image.
        Outcome.outsideMemory(translate(0xc000_0000L), 2, 0xf_0000_0000L);
    }

    /** A PDPT whose entry 0 has {@code bit} set besides P, over a PD and a PT that map va 0x123 to 0x7123. */
    static PhysicalMemory pdpteWithBit(int bit) {
        RawTables t = new RawTables(1 << 20, 8);
        t.put(0x1020, 0, 0x2000 | P | 1L << bit);
        t.put(0x2000, 0, 0x5000 | P | RW | US);
        t.put(0x5000, 0, 0x7000 | P | RW | US);
        return t.memory();
    }

    @ParameterizedTest(name = "PDPTE bit {0}")
    @ValueSource(ints = {1, 2, 52, 62, 63})
    void reservedPdpteBitsFault(int bit) {
        // Table 4-8: bits 2:1 and 63:M (M = 52) of a PDPTE are reserved; §4.4.1: loading
        // PDPTEs with a reserved bit set raises #GP, so no translation goes through them.
        // Checked whatever STRICT_PDPTE says.
        Outcome.fault(translate(walker, pdpteWithBit(bit), 0x123), 0, "reserved bit set in a PDPTE");
        Outcome.fault(translate(engine.walker("x86_pae", Map.of("STRICT_PDPTE", 1L)), pdpteWithBit(bit), 0x123), 0,
                "reserved bit set in a PDPTE");
    }

    @ParameterizedTest(name = "PDPTE bit {0}")
    @ValueSource(ints = {5, 6, 7, 8})
    void pdpteBits8To5AreReservedOnlyWhenStrict(int bit) {
        // Table 4-8 reserves bits 8:5 too: with STRICT_PDPTE = 1 they fault like the others.
        Outcome.fault(translate(engine.walker("x86_pae", Map.of("STRICT_PDPTE", 1L)), pdpteWithBit(bit), 0x123), 0,
                "reserved bit set in a PDPTE");
        // By default they are not checked, as in QEMU's walker, which sets A (bit 5) in the PDPTEs
        // of the dumps it makes: the walk goes on to the PD and the PT (Tables 4-10, 4-11).
        Outcome.mapped(translate(walker, pdpteWithBit(bit), 0x123), 0x7123, 2, 0x1000);
    }

    @Test
    void aQemuStylePdptWithAccessedBitsWalksByDefault() {
        // What a QEMU dump of a PAE guest holds: every used PDPTE with A (bit 5) set. The default
        // walks all four; the strict reading faults on each (Table 4-8).
        RawTables t = new RawTables(1 << 20, 8);
        for (int i = 0; i < 4; i++) {
            t.put(0x1020, i, 0x2000 | P | 1L << 5);
        }
        t.put(0x2000, 0, 0x5000 | P | RW | US);
        t.put(0x5000, 0, 0x7000 | P | RW | US);
        TreeWalker strict = engine.walker("x86_pae", Map.of("STRICT_PDPTE", 1L));
        for (long va : new long[] {0x123, 0x4000_0123L, 0x8000_0123L, 0xc000_0123L}) {
            Outcome.mapped(translate(walker, t.memory(), va), 0x7123, 2, 0x1000);
            Outcome.fault(translate(strict, t.memory(), va), 0, "reserved bit set in a PDPTE");
        }
    }

    @ParameterizedTest(name = "PDPTE bit {0}")
    @ValueSource(ints = {3, 4, 9, 10, 11})
    void pwtPcdAndIgnoredPdpteBitsDoNotFault(int bit) {
        // Table 4-8: bit 3 PWT, bit 4 PCD, bits 11:9 ignored.
        RawTables t = new RawTables(1 << 20, 8);
        t.put(0x1020, 0, 0x2000 | P | 1L << bit);
        t.put(0x2000, 0, 0x5000 | P | RW | US);
        t.put(0x5000, 0, 0x7000 | P | RW | US);
        Outcome.mapped(translate(walker, t.memory(), 0x123), 0x7123, 2, 0x1000);
    }

    @Test
    void reservedAddressBitsOfAPdpteFollowMaxphyaddr() {
        // Table 4-8: bits M-1:12 are the PD address, 63:M reserved. With M = 36, bit 36 is
        // reserved; bit 35 is an address bit (the PD then lies outside the image).
        TreeWalker m36 = engine.walker("x86_pae", Map.of("MAXPHYADDR", 36L));
        RawTables t = new RawTables(1 << 20, 8);
        t.put(0x1020, 0, 0x2000 | P | 1L << 36);
        t.put(0x1020, 1, 0x2000 | P | 1L << 35);
        Outcome.fault(translate(m36, t.memory(), 0x123), 0, "reserved bit set in a PDPTE");
        Outcome.outsideMemory(translate(m36, t.memory(), 0x4000_0000L), 1, 0x8_0000_2000L);
        // With the default M = 52, bit 36 is an address bit.
        Outcome.outsideMemory(translate(walker, t.memory(), 0x123), 1, 0x10_0000_2000L);
    }

    @Test
    void reservedPdpteInTheTreeAndLowestHighestAddresses() {
        Outcome.fault(translate(0x8000_0000L), 0, "reserved bit set in a PDPTE");   // PDPTE 2, R/W set
        // Address 0: PDPTE 0 -> PDE 0 -> PTE 0, which is zero.
        Outcome.failed(translate(0), Failure.NOT_PRESENT, 2);
        // 0xffff_ffff: PDPTE 3 -> PDE 511 -> PTE 511.
        Outcome.mapped(translate(0xffff_ffffL), 0xbfff, 2, 0x1000);
        // Linear addresses are 32 bits (§4.4).
        Outcome.failed(translate(0x1_0000_0000L), Failure.OUT_OF_RANGE, -1);
    }

    @Test
    void rightsCombineOverThePdeAndThePteOnly() {
        // §4.6.1: R/W and U/S must be 1, XD 0, in every PDE and PTE used; a PDPTE has no such
        // bits (Table 4-8: bits 1, 2 and 63 are reserved), so it restricts nothing.
        assertAll(
                () -> assertRights(translate(0x1000), 1, 1, 0, 0),      // PDPTE with only P set
                () -> assertRights(translate(0x2000), 1, 1, 1, 0),      // XD in the PTE
                () -> assertRights(translate(0x80_0000), 1, 1, 1, 0),   // XD in the PDE above the PT
                () -> assertRights(translate(0x40_0000), 0, 1, 0, 0),   // R/W = 0 in the PDE
                () -> assertRights(translate(0xffff_f000L), 1, 0, 0, 0), // U/S = 0 in the PDE
                () -> assertRights(translate(0x20_0000), 1, 1, 1, 1));  // 2 MiB page: XD and G
    }

    private void assertRights(Translation t, long writable, long user, long nx, long global) {
        Outcome.mapped(t, t.pa(), t.level(), t.size());
        assertAll("rights of " + Long.toHexString(t.va()),
                () -> assertEquals(writable, LibraryTree.attribute(walker, t.attributes(), "writable"), "writable"),
                () -> assertEquals(user, LibraryTree.attribute(walker, t.attributes(), "user"), "user"),
                () -> assertEquals(nx, LibraryTree.attribute(walker, t.attributes(), "nx"), "nx"),
                () -> assertEquals(global, LibraryTree.attribute(walker, t.attributes(), "global"), "global"));
    }

    @Test
    void walkOfTheLowTwoGibibytes() {
        EventLog log = new EventLog(walker.info());
        walker.walk(tree(), CR3, 0, 0x7fff_ffffL, log);
        assertEquals(List.of(
                "pre  L0 0..7fffffff table 1020",
                "pre  L1 0..3fffffff table 2000",
                "pre  L2 0..1fffff table 5000",
                "hole L2 0..fff",
                "leaf L2 1000 -> 7000 size 1000 writable,user",
                "leaf L2 2000 -> 8000 size 1000 writable,user,nx",
                "hole L2 3000..1fefff",
                "leaf L2 1ff000 -> ffffffffff000 size 1000 writable,user",
                "post L2 0..1fffff table 5000",
                "leaf L1 200000 -> fffe00000 size 200000 writable,user,nx,global",
                "pre  L2 400000..5fffff table 6000",
                "leaf L2 400000 -> 9000 size 1000 user",
                "hole L2 401000..5fffff",
                "post L2 400000..5fffff table 6000",
                "hole L1 600000..7fffff",
                "pre  L2 800000..9fffff table c000",
                "leaf L2 800000 -> d000 size 1000 writable,user,nx",
                "hole L2 801000..9fffff",
                "post L2 800000..9fffff table c000",
                "hole L1 a00000..3fffffff",
                "post L1 0..3fffffff table 2000",
                "hole L0 40000000..7fffffff",
                "post L0 0..7fffffff table 1020"), log.events());
    }
}
