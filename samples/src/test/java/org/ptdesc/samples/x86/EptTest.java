package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;

/**
 * {@code intel_ept.ptdesc} against EPT paging structures built by hand from SDM Vol. 3C §29.3
 * (Tables 29-1 to 29-6): presence as "any of bits 2:0", 1 GiB, 2 MiB and 4 KiB pages, every
 * EPT misconfiguration the descriptor declares (§29.3.3.1), with the capabilities and the
 * physical-address width as parameters, the R/W/X rights ANDed over the levels (§29.3.2),
 * the memory type, and a walk.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class EptTest {
    // Bits of an EPT entry (Tables 29-1 to 29-6).
    static final long R = 1;
    static final long W = 1 << 1;
    static final long X = 1 << 2;
    static final long RWX = R | W | X;
    /** Bits 5:3, EPT memory type of a page: 6 is write-back, 0 uncacheable. */
    static final long WB = 6 << 3;
    static final long IPAT = 1 << 6;
    static final long PS = 1 << 7;

    /** EPTP (§25.6.11): memory type WB (bits 2:0 = 6), walk length 4 (bits 5:3 = 3), PML4 at 0x1000. */
    static final long EPTP = 0x1000 | 3 << 3 | 6;

    final Engine engine;
    final TreeWalker walker;

    EptTest(Engine engine) {
        this.engine = engine;
        this.walker = engine.walker("intel_ept");
    }

    static final String PTE_RESERVED = "EPT misconfiguration: reserved bit set in a PTE (bits 51:N),"
            + " or reserved memory type 2, 3 or 7 (Table 29-6, §29.3.3.1)";

    /**
     * PML4 0x1000; PDPTs 0x2000, 0x3000, 0x4000, 0x5000; PDs 0x6000, 0xe000; PTs 0x7000, 0x8000,
     * 0xf000.
     */
    static PhysicalMemory tree() {
        RawTables t = new RawTables(1 << 20, 8);
        t.put(0x1000, 0, 0x2000 | RWX);                           // PML4E (Table 29-1)
        t.put(0x1000, 2, 0x3000 | R | X);                         // no write below
        t.put(0x1000, 3, 0x4000 | W);                             // 010b: misconfiguration
        t.put(0x1000, 4, 0x4000 | RWX | PS);                      // bit 7 of a PML4E is reserved
        t.put(0x1000, 5, 0x4000 | RWX | 1 << 3);                  // bit 3 of a PML4E is reserved
        t.put(0x1000, 6, 0x4000 | X);                             // execute-only
        t.put(0x1000, 7, 0x7f_0000_0000L | RWX);                  // PDPT outside the memory
        t.put(0x1000, 8, 0x4000_0000_2000L | RWX);                // PA bit 46 in a PML4E
        t.put(0x1000, 511, 0x5000 | R);                           // read-only for 512 GiB
        t.put(0x2000, 0, 0x6000 | RWX);                           // PDPTE -> PD (Table 29-3)
        t.put(0x2000, 1, 0x80_4000_0000L | RWX | PS | WB | IPAT); // 1 GiB page (Table 29-2)
        t.put(0x2000, 2, 0x80_8000_0000L | RWX | PS | WB | 1 << 12); // bit 12 reserved in a 1 GiB PDPTE
        t.put(0x2000, 3, 0x80_c000_0000L | RWX | PS | 2 << 3);    // memory type 2 is reserved
        t.put(0x2000, 4, 0x6000 | RWX | 1 << 3);                  // bits 6:3 reserved in a PDPTE -> PD
        t.put(0x2000, 5, 0x6000 | W | X);                         // 110b: misconfiguration
        t.put(0x2000, 7, 0x4000_0000_6000L | RWX);                // PA bit 46 in a PDPTE -> PD
        t.put(0x2000, 8, 0x4000_0000_0000L | RWX | PS | WB);      // PA bit 46 in a 1 GiB PDPTE
        t.put(0x3000, 0, 0x4000_0000L | RWX | PS | WB);           // 1 GiB page under the R-X PML4E
        t.put(0x4000, 0, RWX | PS | WB);                          // 1 GiB page at 0 under the X-only PML4E
        t.put(0x5000, 511, 0xe000 | RWX);
        t.put(0xe000, 511, 0xf000 | RWX);
        t.put(0xf000, 511, 0x1_0000 | RWX | WB);                  // the last page of the 2^48 space
        t.put(0x6000, 0, 0x7000 | RWX);                           // PDE -> PT (Table 29-5)
        t.put(0x6000, 1, 0x1_2300_0000L | R | W | PS);            // 2 MiB page, UC, no execute (Table 29-4)
        t.put(0x6000, 2, 0x1_2340_0000L | RWX | PS | WB | 1 << 20); // bit 20 reserved in a 2 MiB PDE
        t.put(0x6000, 3, 0x1_2360_0000L | RWX | PS | 7 << 3);     // memory type 7 is reserved
        t.put(0x6000, 4, 0x8000 | RWX | 1 << 6);                  // bits 6:3 reserved in a PDE -> PT
        t.put(0x6000, 5, 0x8000 | R | X);                         // no write below
        t.put(0x6000, 6, 0x8000 | W);                             // 010b at the PD
        t.put(0x6000, 8, 0x4000_0000_7000L | RWX);                // PA bit 46 in a PDE -> PT
        t.put(0x6000, 9, 0x4000_0000_0000L | RWX | PS | WB);      // PA bit 46 in a 2 MiB PDE
        t.put(0x7000, 1, 0x9000 | RWX | WB);                      // PTE (Table 29-6)
        t.put(0x7000, 2, 0xa000 | R | WB);                        // read-only
        t.put(0x7000, 3, 0xb000 | X | WB);                        // execute-only
        t.put(0x7000, 4, 0xc000 | W);                             // 010b at the PT
        t.put(0x7000, 5, 0xd000 | RWX | 2 << 3);                  // memory type 2 at the PT
        t.put(0x7000, 6, 0x4000_0000_e000L | RWX | WB);           // PA bit 46: reserved when N = 46
        t.put(0x7000, 7, 0xe000 | R | W | X | 3 << 3);            // memory type 3 at the PT
        t.put(0x7000, 511, 0x000f_ffff_ffff_f000L | RWX | WB);    // highest frame with N = 52
        t.put(0x8000, 0, 0x1_1000 | RWX | WB);
        return t.memory();
    }

    static Translation translate(TreeWalker walker, long gpa) {
        return walker.translateDetailed(tree(), EPTP, gpa);
    }

    Translation translate(long gpa) {
        return translate(walker, gpa);
    }

    @Test
    void pagesOfEverySize() {
        // Table 29-6: a PTE maps 4 KiB; pa = PTE[N-1:12] | gpa[11:0].
        Outcome.mapped(translate(0x1abc), 0x9abc, 3, 0x1000);
        Outcome.mapped(translate(0x1f_f123), 0x000f_ffff_ffff_f123L, 3, 0x1000);
        Outcome.mapped(translate(0x6008), 0x4000_0000_e008L, 3, 0x1000);
        // Table 29-4: a PDE with bit 7 = 1 maps 2 MiB; pa = PDE[N-1:21] | gpa[20:0].
        Outcome.mapped(translate(0x20_0000 + 0x1_2345), 0x1_2301_2345L, 2, 0x20_0000);
        // Table 29-2: a PDPTE with bit 7 = 1 maps 1 GiB; pa = PDPTE[N-1:30] | gpa[29:0].
        Outcome.mapped(translate(0x4000_0000L), 0x80_4000_0000L, 1, 0x4000_0000L);
        Outcome.mapped(translate(0x7fff_ffffL), 0x80_7fff_ffffL, 1, 0x4000_0000L);
        Outcome.mapped(translate(0x100_0000_0000L), 0x4000_0000L, 1, 0x4000_0000L);
    }

    @Test
    void notPresentMeansBits2To0AllZero() {
        // §29.3.2: an entry is present when any of bits 2:0 is 1; else an EPT violation.
        Outcome.failed(translate(0x80_0000_0000L), Failure.NOT_PRESENT, 0);   // PML4E 1
        Outcome.failed(translate(0x1_8000_0000L), Failure.NOT_PRESENT, 1);    // PDPTE 6
        Outcome.failed(translate(0xe0_0000), Failure.NOT_PRESENT, 2);         // PDE 7
        Outcome.failed(translate(0x8000), Failure.NOT_PRESENT, 3);            // PTE 8
        // PML4E 7 references a PDPT at 0x7f_0000_0000, outside the image.
        Outcome.outsideMemory(translate(0x380_0000_0000L), 1, 0x7f_0000_0000L);
    }

    @Test
    void lowestAndHighestGuestPhysicalAddresses() {
        Outcome.failed(translate(0), Failure.NOT_PRESENT, 3);                 // PTE 0 is zero
        Outcome.mapped(translate(0xffff_ffff_ffffL), 0x1_0fff, 3, 0x1000);   // PML4E 511 .. PTE 511
        // Guest-physical addresses of a 4-level walk have 48 bits (§29.3.2).
        Outcome.failed(translate(0x1_0000_0000_0000L), Failure.OUT_OF_RANGE, -1);
        Outcome.failed(translate(-1L), Failure.OUT_OF_RANGE, -1);
    }

    @Test
    void writeWithoutReadIsAMisconfigurationAtEveryLevel() {
        // §29.3.3.1: bits 2:0 = 010b or 110b (write without read).
        String text = "write allowed without read";
        Outcome.fault(translate(0x180_0000_0000L), 0, text);   // PML4E 3: 010b
        Outcome.fault(translate(0x1_4000_0000L), 1, text);     // PDPTE 5: 110b
        Outcome.fault(translate(0xc0_0000), 2, text);          // PDE 6: 010b
        Outcome.fault(translate(0x4000), 3, text);             // PTE 4: 010b
    }

    @Test
    void reservedBitsAreMisconfigurations() {
        // Table 29-1: bits 7:3 of a PML4E are reserved.
        Outcome.fault(translate(0x200_0000_0000L), 0, "reserved bit set in a PML4E");
        Outcome.fault(translate(0x280_0000_0000L), 0, "reserved bit set in a PML4E");
        // Table 29-2: bits 29:12 of a 1 GiB PDPTE; Table 29-3: bits 6:3 of a PDPTE -> PD.
        Outcome.fault(translate(0x8000_0000L), 1, "reserved bit set in a PDPTE mapping a 1-GByte page");
        Outcome.fault(translate(0x1_0000_0000L), 1, "reserved bit set in a PDPTE referencing");
        // Table 29-4: bits 20:12 of a 2 MiB PDE; Table 29-5: bits 6:3 of a PDE -> PT.
        Outcome.fault(translate(0x40_0000), 2, "reserved bit set in a PDE mapping a 2-MByte page");
        Outcome.fault(translate(0x80_0000), 2, "reserved bit set in a PDE referencing");
    }

    @Test
    void reservedMemoryTypesAreMisconfigurationsInPages() {
        // §29.3.3.1: memory type 2, 3 or 7 in an entry that maps a page.
        String text = "reserved memory type";
        Outcome.fault(translate(0xc000_0000L), 1, text);   // 1 GiB, type 2
        Outcome.fault(translate(0x60_0000), 2, text);      // 2 MiB, type 7
        Outcome.fault(translate(0x5000), 3, text);         // 4 KiB, type 2
        Outcome.fault(translate(0x7000), 3, text);         // 4 KiB, type 3
    }

    @Test
    void executeOnlyDependsOnTheCapability() {
        // With IA32_VMX_EPT_VPID_CAP[0] = 1, 100b is a valid execute-only entry at any level.
        Outcome.mapped(translate(0x3000), 0xb000, 3, 0x1000);
        Outcome.mapped(translate(0x300_0000_0000L), 0, 1, 0x4000_0000L);
        // Without it, 100b is a misconfiguration (§29.3.3.1).
        TreeWalker noXonly = engine.walker("intel_ept", Map.of("EXECUTE_ONLY", 0L));
        Outcome.fault(translate(noXonly, 0x3000), 3, "execute-only");
        Outcome.fault(translate(noXonly, 0x300_0000_0000L), 0, "execute-only");
        Outcome.mapped(translate(noXonly, 0x1abc), 0x9abc, 3, 0x1000);
    }

    @Test
    void oneGibibytePagesDependOnTheCapability() {
        // IA32_VMX_EPT_VPID_CAP[17] = 0: bit 7 of a PDPTE is reserved (§29.3.3.1).
        TreeWalker no1g = engine.walker("intel_ept", Map.of("PAGE_1G", 0L));
        Outcome.fault(translate(no1g, 0x4000_0000L), 1, "reserved bit set in a PDPTE mapping a 1-GByte page");
        Outcome.mapped(translate(no1g, 0x20_0000), 0x1_2300_0000L, 2, 0x20_0000);
    }

    @Test
    void addressBitsAboveTheWidthAreReserved() {
        // Tables 29-1 to 29-6: bits 51:N are reserved. With N = 46, PTE 6 sets bit 46.
        TreeWalker n46 = engine.walker("intel_ept", Map.of("MAXPHYADDR", 46L));
        Outcome.fault(translate(n46, 0x6000), 3, "reserved bit set in a PTE");
        Outcome.mapped(translate(n46, 0x1abc), 0x9abc, 3, 0x1000);
        // The highest frame of N = 52 has bits 51:46 set: reserved too.
        Outcome.fault(translate(n46, 0x1f_f000), 3, "reserved bit set in a PTE");
        // Bits 51:N are reserved in every entry format.
        Outcome.fault(translate(n46, 0x400_0000_0000L), 0, "reserved bit set in a PML4E");
        Outcome.fault(translate(n46, 0x1_c000_0000L), 1, "reserved bit set in a PDPTE referencing");
        Outcome.fault(translate(n46, 0x2_0000_0000L), 1, "reserved bit set in a PDPTE mapping a 1-GByte page");
        Outcome.fault(translate(n46, 0x100_0000), 2, "reserved bit set in a PDE referencing");
        Outcome.fault(translate(n46, 0x120_0000), 2, "reserved bit set in a PDE mapping a 2-MByte page");
        // With N = 52 (the default) bit 46 is an address bit at every level.
        Outcome.outsideMemory(translate(0x400_0000_0000L), 1, 0x4000_0000_2000L);
        Outcome.outsideMemory(translate(0x1_c000_0000L), 2, 0x4000_0000_6000L);
        Outcome.mapped(translate(0x2_0000_0000L), 0x4000_0000_0000L, 1, 0x4000_0000L);
        Outcome.outsideMemory(translate(0x100_0000), 3, 0x4000_0000_7000L);
        Outcome.mapped(translate(0x120_0000), 0x4000_0000_0000L, 2, 0x20_0000);
    }

    @Test
    void readWriteExecuteAreAndedOverTheLevels() {
        // §29.3.2: an access is allowed only when its bit is 1 in every EPT entry used.
        assertAll(
                () -> assertRights(translate(0x1000), 1, 1, 1, 6, 0),
                () -> assertRights(translate(0x2000), 1, 0, 0, 6, 0),             // R only in the PTE
                () -> assertRights(translate(0x3000), 0, 0, 1, 6, 0),             // X only in the PTE
                () -> assertRights(translate(0xa0_0000), 1, 0, 1, 6, 0),          // R-X PDE over an RWX PTE
                () -> assertRights(translate(0x100_0000_0000L), 1, 0, 1, 6, 0),   // R-X PML4E over an RWX page
                () -> assertRights(translate(0xffff_ffff_f000L), 1, 0, 0, 6, 0),  // R-only PML4E
                () -> assertRights(translate(0x20_0000), 1, 1, 0, 0, 0),          // 2 MiB RW-, UC
                () -> assertRights(translate(0x4000_0000L), 1, 1, 1, 6, 1));      // 1 GiB with ignore-PAT
    }

    private void assertRights(Translation t, long read, long write, long execute, long memtype, long ipat) {
        Outcome.mapped(t, t.pa(), t.level(), t.size());
        assertAll("rights of " + Long.toHexString(t.va()),
                () -> assertEquals(read, LibraryTree.attribute(walker, t.attributes(), "read"), "read"),
                () -> assertEquals(write, LibraryTree.attribute(walker, t.attributes(), "write"), "write"),
                () -> assertEquals(execute, LibraryTree.attribute(walker, t.attributes(), "execute"), "execute"),
                () -> assertEquals(memtype, LibraryTree.attribute(walker, t.attributes(), "memtype"), "memtype"),
                () -> assertEquals(ipat, LibraryTree.attribute(walker, t.attributes(), "ipat"), "ipat"));
    }

    @Test
    void walkOfTheFirstSixMebibytes() {
        EventLog log = new EventLog(walker.info());
        walker.walk(tree(), EPTP, 0, 0x5f_ffff, log);
        assertEquals(List.of(
                "pre  L0 0..5fffff table 1000",
                "pre  L1 0..5fffff table 2000",
                "pre  L2 0..5fffff table 6000",
                "pre  L3 0..1fffff table 7000",
                "hole L3 0..fff",
                "leaf L3 1000 -> 9000 size 1000 read,write,execute,memtype=0x6",
                "leaf L3 2000 -> a000 size 1000 read,memtype=0x6",
                "leaf L3 3000 -> b000 size 1000 execute,memtype=0x6",
                "fault L3 4000..4fff entry c002 FAULT EPT misconfiguration: write allowed without read"
                        + " (bits 2:0 = 010b or 110b), or execute-only (100b) without execute-only support (§29.3.3.1)",
                "fault L3 5000..5fff entry d017 FAULT " + PTE_RESERVED,
                "leaf L3 6000 -> 40000000e000 size 1000 read,write,execute,memtype=0x6",
                "fault L3 7000..7fff entry e01f FAULT " + PTE_RESERVED,
                "hole L3 8000..1fefff",
                "leaf L3 1ff000 -> ffffffffff000 size 1000 read,write,execute,memtype=0x6",
                "post L3 0..1fffff table 7000",
                "leaf L2 200000 -> 123000000 size 200000 read,write,memtype=0x0",
                "fault L2 400000..5fffff entry 1235000b7 FAULT EPT misconfiguration: reserved bit set in a PDE"
                        + " mapping a 2-MByte page (bits 20:12 or 51:N), or reserved memory type 2, 3 or 7"
                        + " (Table 29-4, §29.3.3.1)",
                "post L2 0..5fffff table 6000",
                "post L1 0..5fffff table 2000",
                "post L0 0..5fffff table 1000"), log.events());
    }
}
