package org.ptdesc.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.NestedWalkers;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.Walkers;

/**
 * The pair the build declared, found through the runtime alone, over a nested tree built by hand:
 * x86-64 4-level paging (Intel SDM vol. 3A §4.5: CR3, PML4E, PDPTE, PDE, PTE; P = bit 0, R/W = 1,
 * U/S = 2, PS = 7) in guest physical memory, mapped to host memory by 4-level EPT (§29.3: EPTP
 * bits 51:12 the EPT PML4 address; entries present when bits 2:0 are not 0, bits 5:3 the memory
 * type of a page, bit 7 a large page; write without read a misconfiguration). Every expected
 * address below is computed by hand from those tables.
 *
 * <pre>
 * EPT (host physical):  PML4 0x1000 [0] -> PDPT 0x2000 [0] -> PD 0x3000
 *   PD [0] -> PT 0x4000: GPA pages 0x10, 0x11, 0x12, 0x13 -> HPA 0x8000, 0x9000, 0xA000, 0xB000 (guest tables)
 *                        GPA page 0x50 -> HPA 0xC000; page 0x52 -> W without R (misconfigured)
 *   PD [1] -> PT 0x5000: GPA 0x200000 -> HPA 0xD000, GPA 0x201000 -> HPA 0xE000
 * Guest (guest physical): CR3 0x10000, PML4 [1] -> PDPT 0x11000
 *   PDPT [2] -> PD 0x12000, PDPT [3] -> PD 0x60000 (which EPT does not map)
 *   PD [3] -> PT 0x13000, PD [4] -> 2 MiB page at GPA 0x200000
 *   PT [4] -> 0x50000, [5] -> 0x51000 (not in EPT), [6] not present, [7] -> 0x52000
 * </pre>
 */
class NestedPairTest {

    private static final long EPT_RWX = 0x7;     // bits 2:0: read, write, execute
    private static final long EPT_PAGE = 0x37;   // RWX and memory type 6 (write-back) in bits 5:3
    private static final long PRESENT_RW_USER = 0x7;
    private static final long PS = 0x80;

    /** EPTP: PML4 at 0x1000, page-walk length 4 (3 in bits 5:3), write-back (6 in bits 2:0). */
    private static final long EPTP = 0x1000 | 3 << 3 | 6;
    private static final long CR3 = 0x10000;

    private static final long BASE = 1L << 39 | 2L << 30;                // PML4 1, PDPT 2: 0x80_8000_0000
    private static final long VA_PAGE = BASE | 3L << 21 | 4L << 12 | 0xABC;
    private static final long VA_GUEST_2M = BASE | 4L << 21 | 0x1234;
    private static final long VA_GPA_UNMAPPED = BASE | 3L << 21 | 5L << 12 | 0x10;
    private static final long VA_GUEST_HOLE = BASE | 3L << 21 | 6L << 12;
    private static final long VA_TABLE_UNMAPPED = 1L << 39 | 3L << 30 | 5L << 21;
    private static final long VA_MISCONFIGURED = BASE | 3L << 21 | 7L << 12;

    private final Arena arena = Arena.ofConfined();
    private final PhysicalMemory host = PhysicalMemory.of(arena.allocate(0x10000, 4096));

    private void put(long table, int index, long entry) {
        host.writeLong(table + 8L * index, entry, false);
    }

    @BeforeEach
    void buildTheTrees() {
        put(0x1000, 0, 0x2000 | EPT_RWX);
        put(0x2000, 0, 0x3000 | EPT_RWX);
        put(0x3000, 0, 0x4000 | EPT_RWX);
        put(0x3000, 1, 0x5000 | EPT_RWX);
        put(0x4000, 0x10, 0x8000 | EPT_PAGE);
        put(0x4000, 0x11, 0x9000 | EPT_PAGE);
        put(0x4000, 0x12, 0xA000 | EPT_PAGE);
        put(0x4000, 0x13, 0xB000 | EPT_PAGE);
        put(0x4000, 0x50, 0xC000 | EPT_PAGE);
        put(0x4000, 0x52, 0xF000 | 0x30 | 0x2);   // write without read
        put(0x5000, 0, 0xD000 | EPT_PAGE);
        put(0x5000, 1, 0xE000 | EPT_PAGE);

        // Guest tables, written where EPT puts their guest physical pages.
        put(0x8000, 1, 0x11000 | PRESENT_RW_USER);           // PML4 (GPA 0x10000)
        put(0x9000, 2, 0x12000 | PRESENT_RW_USER);           // PDPT (GPA 0x11000)
        put(0x9000, 3, 0x60000 | PRESENT_RW_USER);
        put(0xA000, 3, 0x13000 | PRESENT_RW_USER);           // PD (GPA 0x12000)
        put(0xA000, 4, 0x200000 | PS | PRESENT_RW_USER);
        put(0xB000, 4, 0x50000 | PRESENT_RW_USER);           // PT (GPA 0x13000)
        put(0xB000, 5, 0x51000 | PRESENT_RW_USER);
        put(0xB000, 7, 0x52000 | PRESENT_RW_USER);
    }

    @AfterEach
    void close() {
        arena.close();
    }

    @Test
    void theGeneratedPairClassIsFoundWithoutTheCompiler() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.ptdesc.compiler.Ptdesc"));
        NestedWalker pair = NestedWalkers.find("x86_64", "intel_ept");
        assertEquals("org.ptdesc.walkers.X86_64OverIntel_EptNestedWalker", pair.getClass().getName());
        assertEquals("x86_64", pair.guestInfo().name());
        assertEquals("intel_ept", pair.hostInfo().name());
    }

    @Test
    void translatesThroughBothStages() {
        NestedWalker pair = NestedWalkers.find("x86_64", "intel_ept");

        // GPA 0x50ABC, EPT PT[0x50] -> 0xC000.
        assertEquals(0xCABCL, pair.translate(host, CR3, EPTP, VA_PAGE));
        // A guest 2 MiB page over EPT 4 KiB pages: GPA 0x201234, EPT PT 0x5000 [1] -> 0xE000.
        assertEquals(0xE234L, pair.translate(host, CR3, EPTP, VA_GUEST_2M));
        assertEquals(TreeWalker.NO_MAPPING, pair.translate(host, CR3, EPTP, VA_GPA_UNMAPPED));
        assertEquals(TreeWalker.NO_MAPPING, pair.translate(host, CR3, EPTP, VA_GUEST_HOLE));
        assertEquals(TreeWalker.NO_MAPPING, pair.translate(host, CR3, EPTP, VA_TABLE_UNMAPPED));
        assertEquals(TreeWalker.NO_MAPPING, pair.translate(host, CR3, EPTP, VA_MISCONFIGURED));
    }

    @Test
    void detailedTranslationsSayWhichStageFailedWhere() {
        NestedWalker pair = NestedWalkers.find("x86_64", "intel_ept");

        NestedTranslation page = pair.translateDetailed(host, CR3, EPTP, VA_PAGE);
        assertEquals(0x50ABCL, page.gpa());
        assertEquals(0xCABCL, page.pa());
        assertEquals(4096, page.size());
        assertEquals(3, page.guest().level());
        assertEquals(3, page.host().level());

        NestedTranslation big = pair.translateDetailed(host, CR3, EPTP, VA_GUEST_2M);
        assertEquals(0x201234L, big.gpa());
        assertEquals(2, big.guest().level());
        assertEquals(2L << 20, big.guest().size());
        assertEquals(4096, big.size()); // the smaller of the two pages

        NestedTranslation finalGpa = pair.translateDetailed(host, CR3, EPTP, VA_GPA_UNMAPPED);
        assertEquals(NestedTranslation.Stage.HOST, finalGpa.stage());
        assertEquals(-1, finalGpa.guestLevel());
        assertEquals(0x51010L, finalGpa.failedGpa());
        assertEquals(Failure.NOT_PRESENT, finalGpa.host().failure());
        assertEquals(3, finalGpa.host().level());

        NestedTranslation guestHole = pair.translateDetailed(host, CR3, EPTP, VA_GUEST_HOLE);
        assertEquals(NestedTranslation.Stage.GUEST, guestHole.stage());
        assertEquals(Failure.NOT_PRESENT, guestHole.guest().failure());
        assertEquals(3, guestHole.guest().level());

        // The guest PD at GPA 0x60000: its entry 5 lies at GPA 0x60028, which EPT does not map.
        NestedTranslation table = pair.translateDetailed(host, CR3, EPTP, VA_TABLE_UNMAPPED);
        assertEquals(NestedTranslation.Stage.HOST, table.stage());
        assertEquals(2, table.guestLevel());
        assertEquals(0x60028L, table.failedGpa());
        assertEquals(Failure.NOT_PRESENT, table.host().failure());

        NestedTranslation misconfigured = pair.translateDetailed(host, CR3, EPTP, VA_MISCONFIGURED);
        assertEquals(NestedTranslation.Stage.HOST, misconfigured.stage());
        assertEquals(0x52000L, misconfigured.failedGpa());
        assertEquals(Failure.FAULT, misconfigured.host().failure());
        assertTrue(misconfigured.host().message().contains("EPT misconfiguration"), misconfigured.host().message());
    }

    @Test
    void agreesWithTheGenericCompositionOfTheTwoWalkers() {
        NestedWalker pair = NestedWalkers.find("x86_64", "intel_ept");
        NestedWalker composed = NestedWalkers.compose(Walkers.find("x86_64"), Walkers.find("intel_ept"));
        for (long va : new long[] {VA_PAGE, VA_GUEST_2M, VA_GPA_UNMAPPED, VA_GUEST_HOLE, VA_TABLE_UNMAPPED,
                VA_MISCONFIGURED}) {
            // The composition has no compiler and so no combined attributes; the rest is the same.
            assertEquals(composed.translateDetailed(host, CR3, EPTP, va),
                    pair.translateDetailed(host, CR3, EPTP, va).withCombined(0), Long.toHexString(va));
        }
        // The pair's combined word of the mapped page: the guest leaf's PAT, PCD and PWT are 0, so
        // its PAT type is IA32_PAT entry 0 at power-up, 06h (WB); the EPT leaf's memory type (bits
        // 5:3) is 6 (WB), IPAT 0, and WB with WB is WB (SDM Vol. 3C 29.3.7.2 and the PAT/MTRR table):
        // guest_pat_type 6 (bits 2:0), effective_type 6 (bits 5:3).
        assertEquals(6L | 6L << 3, pair.translateDetailed(host, CR3, EPTP, VA_PAGE).combined());
        assertEquals(0L, composed.translateDetailed(host, CR3, EPTP, VA_PAGE).combined());
    }

    @Test
    void walksWithHostPhysicalAddresses() {
        List<String> leaves = new ArrayList<>();
        long first = VA_PAGE & ~0xFFFL;
        NestedWalkers.find("x86_64", "intel_ept").walk(host, new long[] {CR3}, new long[] {EPTP}, first,
                first + 0xFFF, new NestedVisitor() {
                    @Override
                    public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry,
                                        long guestAttributes, int hostLevel, long hostEntry, long hostAttributes) {
                        leaves.add(Long.toHexString(va) + " " + Long.toHexString(gpa) + " " + Long.toHexString(pa) + " "
                                + size);
                        return true;
                    }
                });
        assertEquals(List.of("8080604000 50000 c000 4096"), leaves);
    }

    @Test
    void anUndeclaredPairIsAClearError() {
        NoSuchElementException e = assertThrows(NoSuchElementException.class,
                () -> NestedWalkers.find("intel_ept", "x86_64"));
        assertTrue(e.getMessage().startsWith("no nested walker for 'intel_ept' over 'x86_64' on the class path;"
                + " found: x86_64 over intel_ept "), e.getMessage());
    }
}
