package org.ptdesc.samples.access;

import static org.ptdesc.runtime.Access.EXECUTE;
import static org.ptdesc.runtime.Access.READ;
import static org.ptdesc.runtime.Access.USER;
import static org.ptdesc.runtime.Access.WRITE;

import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.samples.AccessExpectations;

/**
 * The permission rules of {@code intel_ept.ptdesc} on a tree built by hand from SDM Vol. 3C
 * Tables 29-1 to 29-6 (read bit 0, write bit 1, execute bit 2, user-mode execute bit 10 with
 * mode-based execute control, memory type 5:3 = 6, write-back), with the expectations of
 * §29.3.3.2 "EPT Violations" beside each case. The access's user flag says the guest-linear
 * address is a user-mode one, which only mode-based execute control consults.
 */
class EptAccessTest {

    static final long RD = 1;
    static final long WR = 1 << 1;
    static final long EX = 1 << 2;
    static final long XU = 1 << 10;
    static final long WB = 6 << 3;

    /**
     * EPTP = 0x1000: PML4[0] -> PDPT 0x2000 -> PD 0x3000 -> PT 0x4000, all with bits 2:0 = 111b
     * and bit 10; PT maps 0x1000 RWX with bit 10, 0x2000 read-only, 0x3000 execute-only (bits
     * 2:0 = 100b, allowed by the EXECUTE_ONLY default), 0x4000 RW, 0x5000 RX without bit 10.
     */
    static PhysicalMemory tree() {
        PhysicalMemory mem = AccessExpectations.memory(1 << 20);
        long all = RD | WR | EX | XU;
        put(mem, 0x1000, 0, 0x2000 | all);
        put(mem, 0x2000, 0, 0x3000 | all);
        put(mem, 0x3000, 0, 0x4000 | all);
        put(mem, 0x4000, 1, 0x10000 | all | WB);
        put(mem, 0x4000, 2, 0x11000 | RD | WB);
        put(mem, 0x4000, 3, 0x12000 | EX | WB);
        put(mem, 0x4000, 4, 0x13000 | RD | WR | WB);
        put(mem, 0x4000, 5, 0x14000 | RD | EX | WB);
        return mem;
    }

    static void put(PhysicalMemory mem, long table, int index, long entry) {
        mem.writeLong(table + 8L * index, entry, false);
    }

    @Test
    void everyRuleDeniesAndAllowsOnBothEngines() {
        new AccessExpectations("intel_ept")
                // §29.3.3.2: an access is allowed only when its bit is 1 in every EPT entry used.
                .allows(0x1000, READ, 0x10000, "bits 2:0 = 111b")
                .allows(0x1000, WRITE, 0x10000, "bits 2:0 = 111b")
                .allows(0x1000, EXECUTE, 0x10000, "bits 2:0 = 111b")
                .allows(0x2000, READ, 0x11000, "read-only page")
                .denies(0x2000, WRITE, "bit 1 (write) = 0", "read-only page")
                .denies(0x2000, EXECUTE, "execute permission 0", "read-only page: bit 2 = 0")
                .allows(0x3000, EXECUTE, 0x12000, "execute-only page (bits 2:0 = 100b)")
                .denies(0x3000, READ, "bit 0 (read) = 0", "execute-only page")
                .allows(0x4000, WRITE, 0x13000, "RW page")
                // Without mode-based execute control, bit 2 governs every fetch, user-mode or not.
                .allows(0x5000, EXECUTE | USER, 0x14000, "MBEC = 0: bit 2 = 1 allows user-mode fetches too")
                .modes("MBEC", 1)
                // With it, bit 2 governs supervisor-mode linear addresses and bit 10 user-mode ones.
                .allows(0x5000, EXECUTE, 0x14000, "MBEC = 1: supervisor fetch, bit 2 = 1")
                .denies(0x5000, EXECUTE | USER, "execute permission 0", "MBEC = 1: user fetch, bit 10 = 0")
                .allows(0x1000, EXECUTE | USER, 0x10000, "MBEC = 1: bit 10 = 1 at every level")
                .denies(0x4000, EXECUTE, "execute permission 0", "MBEC = 1: supervisor fetch, bit 2 = 0")
                .check(tree(), 0x1000 | WB);
    }
}
