package org.ptdesc.samples.access;

import static org.ptdesc.runtime.Access.EXECUTE;
import static org.ptdesc.runtime.Access.READ;
import static org.ptdesc.runtime.Access.USER;
import static org.ptdesc.runtime.Access.WRITE;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.samples.AccessExpectations;
import org.ptdesc.samples.ShippedTree;

/**
 * The permission rules of the stage 2 descriptors on last-level pages built by hand, each
 * expectation from the manual: AArch64 stage 2 (Arm ARM D8.4: S2AP[0] bit 6 allows reads,
 * S2AP[1] bit 7 writes; XN[1] bit 54 forbids fetches, and with FEAT_XNX XN[1:0] = 0b01 forbids
 * EL1 fetches and 0b11 EL0 fetches), the RISC-V G-stage (privileged spec §8.5.1: every access
 * is a user-level access, so U = 0 denies everything; R, W, X as in §4.3.1; sstatus.MXR makes
 * executable pages readable) and AMD nested paging (APM Vol. 2 §15.25.5: nested accesses are
 * user-level, so U/S = 0 at any level denies even a supervisor read, R/W = 0 denies a write
 * whatever CR0.WP, NX denies fetches when the host's EFER.NXE = 1). Intel EPT's rules are
 * {@link EptAccessTest}'s. Every rule is seen denying and allowing, on both engines.
 */
class Stage2AccessTest {

    static final long AF = 1L << 10, S2AP_R = 1L << 6, S2AP_W = 1L << 7, XN0 = 1L << 53, XN1 = 1L << 54;

    /**
     * A chain of tables to the last level of {@code tree}, entry 0 at every level above it
     * (tables at 0x8_0000, 0x9_0000, ... after the root at {@code root}); returns the last
     * table's address. {@code tableEntry} makes a table entry for a next table's address.
     */
    static long chain(PhysicalMemory mem, TreeInfo info, long root, java.util.function.LongUnaryOperator tableEntry) {
        long table = root;
        long next = 0x8_0000;
        for (int l = 0; l < info.levels().size() - 1; l++) {
            mem.writeLong(table, tableEntry.applyAsLong(next), false);
            table = next;
            next += 0x1_0000;
        }
        return table;
    }

    @ParameterizedTest
    @ValueSource(strings = {"aarch64_s2_4k", "aarch64_s2_16k", "aarch64_s2_64k"})
    void aarch64Stage2(String tree) {
        TreeInfo info = ShippedTree.interpreter(tree).info();
        long page = info.levels().getLast().entrySpan();
        PhysicalMemory mem = AccessExpectations.memory(1 << 20);
        // VTTBR_EL2 = 0x4_0000: 256 KiB aligned, as the 16 KiB granule's sixteen concatenated
        // tables need (D8.2); tables are 0b11 descriptors, pages 0b11 at the last level (D8.3).
        long root = 0x4_0000;
        long last = chain(mem, info, root, next -> next | 0b11);
        long base = 0x100_0000;
        long[] flags = {
            0,
            S2AP_R | S2AP_W,               // 1: read-write, XN = 0b00
            S2AP_R,                        // 2: read-only
            S2AP_W,                        // 3: write-only
            S2AP_R | S2AP_W | XN1,         // 4: XN = 0b10
            S2AP_R | S2AP_W | XN0,         // 5: XN = 0b01
            S2AP_R | S2AP_W | XN1 | XN0,   // 6: XN = 0b11
        };
        for (int i = 1; i < flags.length; i++) {
            mem.writeLong(last + 8L * i, base + i * page | flags[i] | AF | 0b11, false);
        }
        new AccessExpectations(tree)
                .allows(page, READ, base + page, "S2AP = 0b11")
                .allows(page, WRITE, base + page, "S2AP = 0b11")
                .allows(page, EXECUTE | USER, base + page, "XN = 0b00")
                .allows(2 * page, READ, base + 2 * page, "S2AP[0] = 1")
                .denies(2 * page, WRITE, "S2AP[1] (bit 7) = 0", "read-only: S2AP = 0b01")
                .denies(3 * page, READ, "S2AP[0] (bit 6) = 0", "write-only: S2AP = 0b10")
                .allows(3 * page, WRITE, base + 3 * page, "S2AP[1] = 1")
                .denies(4 * page, EXECUTE, "XN[1] (bit 54) = 1", "XN = 0b10: no fetch at any EL")
                .denies(4 * page, EXECUTE | USER, "XN[1] (bit 54) = 1", "XN = 0b10")
                .allows(4 * page, READ, base + 4 * page, "XN does not concern data accesses")
                // Without FEAT_XNX only bit 54 counts: 0b01 is executable, 0b11 is not.
                .allows(5 * page, EXECUTE, base + 5 * page, "no FEAT_XNX: XN[0] ignored")
                .denies(6 * page, EXECUTE | USER, "XN[1] (bit 54) = 1", "no FEAT_XNX: XN = 0b11 is XN")
                .modes("XNX", 1)
                .denies(5 * page, EXECUTE, "FEAT_XNX, EL1 fetch", "FEAT_XNX: 0b01 forbids EL1 fetches")
                .allows(5 * page, EXECUTE | USER, base + 5 * page, "FEAT_XNX: 0b01 allows EL0 fetches")
                .denies(6 * page, EXECUTE | USER, "FEAT_XNX, EL1 fetch", "FEAT_XNX: 0b11 forbids EL0 fetches")
                .allows(6 * page, EXECUTE, base + 6 * page, "FEAT_XNX: 0b11 allows EL1 fetches")
                .denies(4 * page, EXECUTE, "XN[1] (bit 54) = 1", "FEAT_XNX: 0b10 forbids both")
                .check(mem, root);
    }

    /** RISC-V PTE bits (§4.3.1 / §4.4.1): V, R, W, X, U, G, A, D from bit 0; PPN from bit 10. */
    static final long V = 1, R = 2, W = 4, X = 8, U = 16, A = 64, D = 128;

    @ParameterizedTest
    @ValueSource(strings = {"riscv_sv39x4", "riscv_sv48x4", "riscv_sv57x4"})
    void riscvGStage(String tree) {
        TreeInfo info = ShippedTree.interpreter(tree).info();
        PhysicalMemory mem = AccessExpectations.memory(1 << 20);
        // hgatp: the 16 KiB root at PPN 0x10 (MODE and VMID are not part of the address, §8.2).
        long root = 0x1_0000;
        long last = chain(mem, info, root, next -> next >>> 12 << 10 | V);
        long base = 0x100_0000;
        long[] flags = {0, R | W | X | U | A | D, R | W | X | A | D, R | U | A, X | U | A, R | W | U | A | D};
        for (int i = 1; i < flags.length; i++) {
            mem.writeLong(last + 8L * i, (base + i * 0x1000L) >>> 12 << 10 | flags[i] | V, false);
        }
        long hgatp = 8L << 60 | root >>> 12;
        new AccessExpectations(tree)
                .allows(0x1000, READ, base + 0x1000, "R = 1, U = 1")
                .allows(0x1000, WRITE, base + 0x1000, "W = 1, U = 1")
                .allows(0x1000, EXECUTE, base + 0x1000, "X = 1, U = 1: a supervisor fetch is a user-level G-stage access")
                .denies(0x2000, READ, "U = 0", "U = 0: every G-stage access is user-level (§8.5.1)")
                .denies(0x2000, EXECUTE | USER, "U = 0", "U = 0")
                .allows(0x3000, READ, base + 0x3000, "R = 1")
                .denies(0x3000, WRITE, "write to a page with W = 0", "read-only page")
                .denies(0x4000, READ, "read from a page with R = 0", "execute-only page, MXR = 0")
                .allows(0x4000, EXECUTE, base + 0x4000, "X = 1")
                .denies(0x5000, EXECUTE, "fetch from a page with X = 0", "no X")
                .modes("MXR", 1)
                .allows(0x4000, READ, base + 0x4000, "sstatus.MXR = 1: executable pages are readable")
                .denies(0x2000, READ, "U = 0", "MXR does not lift U")
                .check(mem, hgatp);
    }

    /** x86 entry bits (APM Vol. 2 §5.4.1): P, R/W, U/S; NX bit 63. */
    static final long P = 1, RW = 2, US = 4, NX = 1L << 63;

    @Test
    void amdNestedPaging() {
        PhysicalMemory mem = AccessExpectations.memory(1 << 20);
        // nCR3 = 0x1000: PML4[0] -> PDPT 0x2000 -> PD 0x3000; PD[0] -> PT 0x4000, PD[1] -> PT 0x5000 with U/S = 0.
        mem.writeLong(0x1000, 0x2000 | P | RW | US, false);
        mem.writeLong(0x2000, 0x3000 | P | RW | US, false);
        mem.writeLong(0x3000, 0x4000 | P | RW | US, false);
        mem.writeLong(0x3008, 0x5000 | P | RW, false);
        long base = 0x100_0000;
        long[] flags = {0, P | RW | US, P | RW, P | US, P | RW | US | NX};
        for (int i = 1; i < flags.length; i++) {
            mem.writeLong(0x4000 + 8L * i, base + i * 0x1000L | flags[i], false);
        }
        mem.writeLong(0x5000, base | P | RW | US, false);
        new AccessExpectations("amd_npt")
                .allows(0x1000, READ, base + 0x1000, "U/S = 1 at every level")
                .allows(0x1000, WRITE, base + 0x1000, "R/W = 1 at every level")
                .allows(0x1000, EXECUTE, base + 0x1000, "NX = 0")
                .denies(0x2000, READ, "U/S = 0", "U/S = 0 in the PTE: even a supervisor read (nested accesses are user-level)")
                .denies(0x20_0000, READ | USER, "U/S = 0", "U/S = 0 in the PD entry above a U/S = 1 PTE")
                .allows(0x3000, READ, base + 0x3000, "R/W = 0 does not concern reads")
                .denies(0x3000, WRITE, "R/W = 0", "R/W = 0: denied to a supervisor write too (user-level, CR0.WP irrelevant)")
                .denies(0x4000, EXECUTE, "NX = 1", "NX = 1 with the host's EFER.NXE = 1 (default)")
                .allows(0x4000, WRITE, base + 0x4000, "NX does not concern data accesses")
                .modes("NXE", 0)
                .allows(0x4000, EXECUTE, base + 0x4000, "EFER.NXE = 0: NX is not a permission")
                .check(mem, 0x1000);
    }
}
