package org.ptdesc.samples.access;

import static org.ptdesc.runtime.Access.EXECUTE;
import static org.ptdesc.runtime.Access.READ;
import static org.ptdesc.runtime.Access.USER;
import static org.ptdesc.runtime.Access.WRITE;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.samples.AccessExpectations;

/**
 * The permission rules of the RISC-V descriptors on trees built by hand from the Privileged
 * Architecture §4.3.1 / §4.4.1 PTE layout (V, R, W, X, U, G, A, D in bits 7:0, PPN from bit 10),
 * with the expectations of §4.3.2 step 5, §4.3.1 and §3.1.6.3 (SUM, MXR) beside each case. An
 * access by user code is made in U-mode, any other in S-mode.
 */
class RiscvAccessTest {

    static final long V = 1;
    static final long R = 1 << 1;
    static final long W = 1 << 2;
    static final long X = 1 << 3;
    static final long U = 1 << 4;
    static final long AD = 1 << 6 | 1 << 7;

    /**
     * Tables at 0x1000, 0x2000, ... one per level, each entry 0 pointing to the next; the last
     * maps 0x1000 user RW, 0x2000 supervisor read-only, 0x3000 user execute-only, 0x4000
     * supervisor RX, 0x5000 supervisor RW.
     */
    static PhysicalMemory tree(int levels, int entryBytes) {
        PhysicalMemory mem = AccessExpectations.memory(1 << 20);
        for (int l = 0; l < levels - 1; l++) {
            put(mem, entryBytes, 0x1000L * (l + 1), 0, (0x1000L * (l + 2)) >>> 12 << 10 | V);
        }
        long last = 0x1000L * levels;
        put(mem, entryBytes, last, 1, leaf(0x10000, R | W | U));
        put(mem, entryBytes, last, 2, leaf(0x11000, R));
        put(mem, entryBytes, last, 3, leaf(0x12000, X | U));
        put(mem, entryBytes, last, 4, leaf(0x13000, R | X));
        put(mem, entryBytes, last, 5, leaf(0x14000, R | W));
        return mem;
    }

    static long leaf(long pa, long bits) {
        return pa >>> 12 << 10 | V | AD | bits;
    }

    static void put(PhysicalMemory mem, int bytes, long table, int index, long pte) {
        if (bytes == 8) {
            mem.writeLong(table + 8L * index, pte, false);
        } else {
            mem.writeInt(table + 4L * index, (int) pte, false);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"riscv_sv32, 2, 4", "riscv_sv39, 3, 8", "riscv_sv48, 4, 8", "riscv_sv57, 5, 8"})
    void everyRuleDeniesAndAllowsOnBothEngines(String tree, int levels, int entryBytes) {
        new AccessExpectations(tree)
                // §4.3.1: U-mode may only access pages with U = 1; R, W, X grant each kind.
                .allows(0x1000, READ | USER, 0x10000, "U = 1, R = 1")
                .allows(0x1000, WRITE | USER, 0x10000, "U = 1, W = 1")
                .denies(0x1000, EXECUTE | USER, "fetch from a page with X = 0", "U = 1 but X = 0")
                .denies(0x2000, READ | USER, "U-mode access to a page with U = 0", "U = 0")
                .allows(0x3000, EXECUTE | USER, 0x12000, "U = 1, X = 1: execute-only page")
                .denies(0x3000, READ | USER, "read from a page with R = 0", "execute-only page, MXR = 0")
                // §3.1.6.3: S-mode data accesses to U = 1 pages need SUM = 1; fetches never succeed.
                .allows(0x2000, READ, 0x11000, "S-mode read of an R = 1, U = 0 page")
                .denies(0x2000, WRITE, "write to a page with W = 0", "S-mode write to a read-only page")
                .allows(0x5000, WRITE, 0x14000, "S-mode write to an RW page")
                .denies(0x1000, READ, "SUM = 0", "S-mode read of a U = 1 page")
                .allows(0x4000, EXECUTE, 0x13000, "S-mode fetch from X = 1, U = 0")
                .denies(0x5000, EXECUTE, "fetch from a page with X = 0", "S-mode fetch from X = 0")
                .denies(0x1000, EXECUTE, "S-mode instruction fetch from a page with U = 1", "U = 1, SUM = 0")
                .modes("SUM", 1)
                .allows(0x1000, READ, 0x10000, "SUM = 1: S-mode may read U = 1 pages")
                .allows(0x1000, WRITE, 0x10000, "SUM = 1: and write them")
                .denies(0x1000, EXECUTE, "S-mode instruction fetch from a page with U = 1", "whatever SUM")
                // §3.1.6.3: MXR = 1 makes loads from X = 1 pages succeed.
                .modes("MXR", 1)
                .allows(0x3000, READ | USER, 0x12000, "MXR = 1: the execute-only page can be read")
                .check(tree(levels, entryBytes), 1);
    }
}
