package org.ptdesc.samples.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ptdesc.runtime.Access.EXECUTE;
import static org.ptdesc.runtime.Access.READ;
import static org.ptdesc.runtime.Access.USER;
import static org.ptdesc.runtime.Access.WRITE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.AccessExpectations;
import org.ptdesc.samples.ShippedTree;

/**
 * The permission rules of the AArch64 descriptors on a 4 KiB-granule tree built by hand from
 * the Arm ARM (DDI 0487) D8.3 descriptor layouts (bits 1:0 = 0b11 for a table or page, AF bit
 * 10, AP[2:1] bits 7:6, PXN bit 53, UXN bit 54; APTable bits 62:61, UXNTable bit 60, PXNTable
 * bit 59), with the expectations of D8.4 "Memory access control" beside each case. An access by
 * user code is made at EL0, any other at EL1.
 */
class Aarch64AccessTest {

    static final long TABLE = 0b11;
    static final long PAGE = 0b11 | 1 << 10;            // page descriptor with AF = 1
    static final long AP1 = 1 << 6;                     // EL0 access
    static final long AP2 = 1 << 7;                     // read-only
    static final long PXN = 1L << 53;
    static final long UXN = 1L << 54;
    static final long PXN_TABLE = 1L << 59;
    static final long UXN_TABLE = 1L << 60;
    static final long AP_TABLE_0 = 1L << 61;            // no EL0 access below
    static final long AP_TABLE_1 = 1L << 62;            // no writes below

    /**
     * TTBR0_EL1 = 0x1000: L0[0] -> L1 0x2000 -> L2 0x3000 -> L3 0x4000, whose pages are
     * 0x1000 EL1 RW (AP = 00), 0x2000 EL0 RW (AP = 01), 0x3000 EL1 RO (AP = 10), 0x4000 EL0 and
     * EL1 RO (AP = 11), 0x5000 EL1 RO with UXN (kernel text), 0x6000 EL1 RW with PXN. L2[1]
     * (0x200000) -> L3 0x5000 through a table with APTable[0] = 1; L2[2] (0x400000) -> L3 0x6000
     * with APTable[1] = 1; L2[3] (0x600000) -> L3 0x7000 with UXNTable and PXNTable. Each of
     * those holds one page, AP = 01 (EL0 RW) or 11, executable by the page's own bits.
     * TTBR1_EL1 = 0x8000, an empty table.
     */
    static PhysicalMemory tree() {
        PhysicalMemory mem = AccessExpectations.memory(1 << 20);
        put(mem, 0x1000, 0, 0x2000 | TABLE);
        put(mem, 0x2000, 0, 0x3000 | TABLE);
        put(mem, 0x3000, 0, 0x4000 | TABLE);
        put(mem, 0x3000, 1, 0x5000 | TABLE | AP_TABLE_0);
        put(mem, 0x3000, 2, 0x6000 | TABLE | AP_TABLE_1);
        put(mem, 0x3000, 3, 0x7000 | TABLE | UXN_TABLE | PXN_TABLE);
        put(mem, 0x4000, 1, 0x10000 | PAGE);
        put(mem, 0x4000, 2, 0x11000 | PAGE | AP1);
        put(mem, 0x4000, 3, 0x12000 | PAGE | AP2);
        put(mem, 0x4000, 4, 0x13000 | PAGE | AP2 | AP1);
        put(mem, 0x4000, 5, 0x14000 | PAGE | AP2 | UXN);
        put(mem, 0x4000, 6, 0x15000 | PAGE | PXN);
        put(mem, 0x5000, 0, 0x17000 | PAGE | AP1);
        put(mem, 0x6000, 0, 0x18000 | PAGE | AP1);
        put(mem, 0x7000, 0, 0x19000 | PAGE | AP2 | AP1);
        return mem;
    }

    static void put(PhysicalMemory mem, long table, int index, long entry) {
        mem.writeLong(table + 8L * index, entry, false);
    }

    @Test
    void everyRuleDeniesAndAllowsOnBothEngines() {
        new AccessExpectations("aarch64_4k")
                // D8.4.1 data access permissions: AP[1] = 0 (or APTable[0] = 1 above) means EL1 only.
                .denies(0x1000, READ | USER, "EL0 data access", "AP[2:1] = 00: EL1 RW, no EL0 access")
                .allows(0x1000, READ, 0x10000, "AP = 00: EL1 may read")
                .allows(0x1000, WRITE, 0x10000, "AP = 00: EL1 may write")
                .allows(0x2000, READ | USER, 0x11000, "AP = 01: EL0 RW")
                .allows(0x2000, WRITE | USER, 0x11000, "AP = 01: EL0 RW")
                .allows(0x2000, READ, 0x11000, "AP = 01: EL1 RW, PAN = 0")
                .denies(0x3000, WRITE, "write to a read-only location", "AP = 10: read-only at EL1")
                .allows(0x3000, READ, 0x12000, "AP = 10: EL1 may read")
                .allows(0x4000, READ | USER, 0x13000, "AP = 11: EL0 RO")
                .denies(0x4000, WRITE | USER, "write to a read-only location", "AP = 11: read-only at EL0")
                .denies(0x200000, READ | USER, "EL0 data access", "APTable[0] = 1 above an AP = 01 page")
                .allows(0x200000, READ, 0x17000, "APTable[0] restricts EL0 only")
                .denies(0x400000, WRITE, "write to a read-only location", "APTable[1] = 1 above an AP = 01 page")
                .denies(0x400000, WRITE | USER, "write to a read-only location", "APTable[1] = 1, at EL0 too")
                .allows(0x400000, READ | USER, 0x18000, "APTable[1] restricts writes only")
                // D8.4.2 execute-never: UXN for EL0, PXN for EL1; the table bits restrict everything below.
                .allows(0x4000, EXECUTE | USER, 0x13000, "UXN = 0: EL0 may fetch")
                .allows(0x4000, EXECUTE, 0x13000, "PXN = 0 and not writable at EL0: EL1 may fetch")
                .denies(0x5000, EXECUTE | USER, "EL0 instruction fetch", "UXN = 1")
                .allows(0x5000, EXECUTE, 0x14000, "UXN = 1 does not restrict EL1")
                .denies(0x6000, EXECUTE, "EL1 instruction fetch from a location with PXN", "PXN = 1")
                .denies(0x600000, EXECUTE | USER, "EL0 instruction fetch", "UXNTable = 1 above")
                .denies(0x600000, EXECUTE, "EL1 instruction fetch from a location with PXN", "PXNTable = 1 above")
                // D8.4.2: EL1 may not fetch from memory writable at EL0 (AP[2:1] = 01), whatever PXN.
                .denies(0x2000, EXECUTE, "writable at EL0", "AP = 01, PXN = 0")
                .allows(0x2000, EXECUTE | USER, 0x11000, "EL0 may fetch from its writable page when WXN = 0")
                .allows(0x1000, EXECUTE, 0x10000, "AP = 00, PXN = 0, WXN = 0: EL1 may fetch")
                // D8.4.1 PAN: with PSTATE.PAN = 1, EL1 data accesses to EL0-accessible memory fault.
                .modes("PAN", 1)
                .denies(0x2000, READ, "PSTATE.PAN", "AP = 01 is accessible at EL0")
                .allows(0x1000, READ, 0x10000, "AP = 00 is not accessible at EL0")
                .allows(0x2000, READ | USER, 0x11000, "PAN does not restrict EL0")
                .allows(0x4000, EXECUTE, 0x13000, "PAN does not restrict fetches")
                // D8.4.2 WXN: with SCTLR_EL1.WXN = 1, memory writable at an EL is execute-never there.
                .modes("WXN", 1)
                .denies(0x2000, EXECUTE | USER, "WXN", "AP = 01: writable at EL0")
                .denies(0x1000, EXECUTE, "WXN", "AP = 00: writable at EL1")
                .allows(0x4000, EXECUTE | USER, 0x13000, "AP = 11: read-only, so executable")
                .allows(0x3000, EXECUTE, 0x12000, "AP = 10: read-only at EL1")
                .check(tree(), 0x1000, 0x8000);
    }

    /** The 16 KiB and 64 KiB granules declare the same modes and rules, proven above on the 4 KiB tree. */
    @ParameterizedTest
    @ValueSource(strings = {"aarch64_16k", "aarch64_64k"})
    void otherGranulesHaveTheSameRules(String tree) {
        TreeWalker four = ShippedTree.interpreter("aarch64_4k");
        TreeWalker other = ShippedTree.interpreter(tree);
        assertEquals(four.info().modes(), other.info().modes());
        assertEquals(four.info().permissions().stream().map(p -> p.text()).toList(),
                other.info().permissions().stream().map(p -> p.text()).toList());
        assertEquals(four.info().attributes(), other.info().attributes());
    }
}
