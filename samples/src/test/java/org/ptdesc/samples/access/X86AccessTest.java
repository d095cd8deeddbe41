package org.ptdesc.samples.access;

import static org.ptdesc.runtime.Access.EXECUTE;
import static org.ptdesc.runtime.Access.READ;
import static org.ptdesc.runtime.Access.USER;
import static org.ptdesc.runtime.Access.WRITE;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.samples.AccessExpectations;

/**
 * The permission rules of the x86 descriptors (4-level, 5-level, PAE, 32-bit) on trees built
 * by hand from the SDM Vol. 3A entry layouts (P bit 0, R/W bit 1, U/S bit 2, PS bit 7, XD bit
 * 63, protection key bits 62:59), with the expectations of §4.6.1 "Determination of Access
 * Rights" and §4.6.2 "Protection Keys" written beside each case. Every page is mapped; what
 * changes is only who may use it.
 */
class X86AccessTest {

    static final long P = 1;
    static final long RW = 1 << 1;
    static final long US = 1 << 2;
    static final long PS = 1 << 7;
    static final long XD = 1L << 63;
    /** Protection key 1 in bits 62:59 (§4.6.2). */
    static final long KEY1 = 1L << 59;

    /** The four x86 paging modes and how their tables are laid out. */
    enum Mode {
        /** 4-level: CR3 -> PML4 0x1000 -> PDPT 0x2000 -> PD 0x3000. */
        X86_64("x86_64", 0x1000, 2L << 20, 8),
        /** 5-level: CR3 -> PML5 0x7000 -> PML4 0x1000 -> ... */
        X86_64_LA57("x86_64_la57", 0x7000, 2L << 20, 8),
        /** PAE: CR3 -> PDPT 0x1000 (four PDPTEs) -> PD 0x3000 (Table 4-8: a PDPTE has no R/W, U/S, XD). */
        X86_PAE("x86_pae", 0x1000, 2L << 20, 8),
        /** 32-bit: CR3 -> PD 0x3000, 4 MiB PDEs, no XD and no protection keys. */
        X86_32("x86_32", 0x3000, 4L << 20, 4);

        final String tree;
        final long cr3;
        final long pdeSpan;
        final int entryBytes;

        Mode(String tree, long cr3, long pdeSpan, int entryBytes) {
            this.tree = tree;
            this.cr3 = cr3;
            this.pdeSpan = pdeSpan;
            this.entryBytes = entryBytes;
        }

        boolean hasXd() {
            return this != X86_32;
        }

        boolean hasKeys() {
            return this == X86_64 || this == X86_64_LA57;
        }
    }

    /**
     * Page table 0x4000 (under PD[0], every level above with R/W = U/S = 1) maps
     * 0x1000 user RW, 0x2000 user read-only, 0x3000 supervisor RW, 0x4000 supervisor read-only,
     * 0x5000 user RW with XD, 0x6000 user RW with protection key 1; PD[1] references page table
     * 0x5000 with U/S = 0 in the PDE (a supervisor address whatever the PTE says); PD[2] maps a
     * large user RW page.
     */
    static PhysicalMemory tree(Mode m) {
        PhysicalMemory mem = AccessExpectations.memory(1 << 20);
        Entries e = new Entries(mem, m.entryBytes);
        long dir = P | RW | US;
        switch (m) {
            case X86_64 -> {
                e.put(0x1000, 0, 0x2000 | dir);
                e.put(0x2000, 0, 0x3000 | dir);
            }
            case X86_64_LA57 -> {
                e.put(0x7000, 0, 0x1000 | dir);
                e.put(0x1000, 0, 0x2000 | dir);
                e.put(0x2000, 0, 0x3000 | dir);
            }
            case X86_PAE -> e.put(0x1000, 0, 0x3000 | P);
            case X86_32 -> { }
        }
        e.put(0x3000, 0, 0x4000 | dir);
        e.put(0x3000, 1, 0x5000 | P | RW);                 // U/S = 0 in the PDE
        e.put(0x3000, 2, 2 * m.pdeSpan | P | RW | US | PS); // a 2 MiB (4 MiB) user page
        e.put(0x4000, 1, 0x10000 | P | RW | US);
        e.put(0x4000, 2, 0x11000 | P | US);
        e.put(0x4000, 3, 0x12000 | P | RW);
        e.put(0x4000, 4, 0x13000 | P);
        if (m.hasXd()) {
            e.put(0x4000, 5, 0x14000 | P | RW | US | XD);
        }
        if (m.hasKeys()) {
            e.put(0x4000, 6, 0x15000 | P | RW | US | KEY1);
        }
        e.put(0x5000, 0, 0x16000 | P | RW | US);
        return mem;
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void everyRuleDeniesAndAllowsOnBothEngines(Mode m) {
        long supervisorAddress = m.pdeSpan;           // under PD[1], U/S = 0 in the PDE
        long largePage = 2 * m.pdeSpan;
        AccessExpectations x = new AccessExpectations(m.tree)
                // §4.6.1, user-mode access: data reads need U/S = 1 at every level; writes also R/W = 1.
                .allows(0x1000, READ | USER, 0x10000, "user page: U/S = 1 at every level")
                .allows(0x1000, WRITE | USER, 0x10000, "user page with R/W = 1 at every level")
                .allows(0x2000, READ | USER, 0x11000, "read-only user page can be read")
                .denies(0x2000, WRITE | USER, "user-mode write to a read-only address", "R/W = 0 in the PTE")
                .denies(0x3000, READ | USER, "user-mode access to a supervisor-mode address", "U/S = 0 in the PTE")
                .denies(supervisorAddress, READ | USER, "user-mode access to a supervisor-mode address",
                        "U/S = 0 in the PDE, 1 in the PTE")
                .allows(supervisorAddress, READ, 0x16000, "supervisor read of a supervisor address")
                .allows(largePage + 0x1234, WRITE | USER, 2 * m.pdeSpan + 0x1234, "large user RW page")
                .allows(0x1000, EXECUTE | USER, 0x10000, "user fetch from a user page without XD")
                // §4.6.1, supervisor-mode writes: with CR0.WP = 1, R/W = 1 at every level is needed.
                .allows(0x3000, WRITE, 0x12000, "supervisor write to a writable supervisor page")
                .allows(0x3000, READ, 0x12000, "supervisor read of a supervisor page")
                .allows(0x3000, EXECUTE, 0x12000, "supervisor fetch from a supervisor page")
                .denies(0x4000, WRITE, "supervisor-mode write to a read-only address with CR0.WP = 1",
                        "R/W = 0, WP = 1 (default)")
                // §4.6.1: SMEP (default 1) forbids supervisor fetches from user addresses.
                .denies(0x1000, EXECUTE, "CR4.SMEP", "supervisor fetch from a user page, SMEP = 1")
                // §4.6.1: SMAP (default 1) with AC = 0 forbids supervisor data accesses to user addresses.
                .denies(0x1000, READ, "CR4.SMAP", "supervisor read of a user page, SMAP = 1, AC = 0")
                .denies(0x1000, WRITE, "CR4.SMAP", "supervisor write to a user page, SMAP = 1, AC = 0")
                .modes("WP", 0)
                .allows(0x4000, WRITE, 0x13000, "WP = 0: supervisor writes ignore R/W")
                .modes("SMEP", 0)
                .allows(0x1000, EXECUTE, 0x10000, "SMEP = 0: supervisor may fetch from a user page")
                .modes("AC", 1)
                .allows(0x1000, READ, 0x10000, "AC = 1 lifts SMAP for explicit accesses")
                .modes("SMAP", 0)
                .allows(0x1000, READ, 0x10000, "SMAP = 0")
                .denies(0x2000, WRITE, "supervisor-mode write to a read-only address with CR0.WP = 1",
                        "SMAP = 0, user read-only page, WP = 1")
                .modes("SMAP", 0, "WP", 0)
                .allows(0x2000, WRITE, 0x11000, "SMAP = 0 and WP = 0: supervisor may write a read-only user page")
                .modes();
        if (m.hasXd()) {
            // §4.6.1: with IA32_EFER.NXE = 1 (default), XD = 1 at any level forbids fetches.
            x.denies(0x5000, EXECUTE | USER, "XD = 1", "XD in the PTE, NXE = 1")
                    .allows(0x5000, READ | USER, 0x14000, "XD does not restrict data reads")
                    .modes("NXE", 0)
                    .allows(0x5000, EXECUTE | USER, 0x14000, "NXE = 0: XD is not an execute-disable bit")
                    .modes();
        }
        if (m.hasKeys()) {
            long ad1 = 1L << 2;                          // PKRU bit 2i = AD for key i = 1
            long wd1 = 1L << 3;                          // PKRU bit 2i+1 = WD for key 1
            x.modes("PKE", 1, "PKRU", ad1)
                    .denies(0x6000, READ | USER, "PKRU.AD", "key 1, AD1 = 1: no data access")
                    .allows(0x6000, EXECUTE | USER, 0x15000, "protection keys do not restrict fetches")
                    .allows(0x1000, READ | USER, 0x10000, "key 0 page: AD1 does not apply")
                    .modes("PKE", 0, "PKRU", ad1)
                    .allows(0x6000, READ | USER, 0x15000, "PKE = 0: PKRU is ignored")
                    .modes("PKE", 1, "PKRU", wd1)
                    .allows(0x6000, READ | USER, 0x15000, "WD1 only forbids writes")
                    .denies(0x6000, WRITE | USER, "PKRU.WD", "key 1, WD1 = 1, user-mode write")
                    .modes("PKE", 1, "PKRU", wd1, "SMAP", 0)
                    .denies(0x6000, WRITE, "PKRU.WD", "supervisor write with WP = 1 honours WD")
                    .modes("PKE", 1, "PKRU", wd1, "SMAP", 0, "WP", 0)
                    .allows(0x6000, WRITE, 0x15000, "supervisor write with WP = 0 ignores WD")
                    .modes();
        }
        x.check(tree(m), m.cr3);
    }

    /** Writes little-endian entries of 4 or 8 bytes. */
    record Entries(PhysicalMemory mem, int bytes) {
        void put(long table, int index, long entry) {
            long at = table + (long) index * bytes;
            if (bytes == 8) {
                mem.writeLong(at, entry, false);
            } else {
                mem.writeInt(at, (int) entry, false);
            }
        }
    }
}
