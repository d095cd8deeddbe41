package org.ptdesc.samples.riscv;

/**
 * RISC-V page-table entries encoded by hand from the Privileged Architecture (20211203) §4.3.1
 * (bits 9:0 and the PPN at bit 10, Sv32) and §4.4.1 (the same for Sv39, Sv48 and Sv57),
 * independently of the descriptors under test, to build test trees byte by byte.
 */
final class Pte {

    private Pte() {}

    static final long V = 1;
    static final long R = 1 << 1;
    static final long W = 1 << 2;
    static final long X = 1 << 3;
    static final long U = 1 << 4;
    static final long G = 1 << 5;
    static final long A = 1 << 6;
    static final long D = 1 << 7;
    /** Bit 63: N (Svnapot), reserved without Svnapot. */
    static final long N = 1L << 63;
    /** Bits 62:61: PBMT (Svpbmt), reserved without Svpbmt; this is PBMT = 0b01. */
    static final long PBMT_NC = 1L << 61;
    /** Bit 54: reserved for future standard use. */
    static final long RESERVED_54 = 1L << 54;

    /** A non-leaf PTE (R = W = X = 0) pointing to the table at {@code pa}: PPN = pa / 4096 at bit 10. */
    static long pointer(long pa) {
        return (pa >>> 12) << 10 | V;
    }

    /** A leaf PTE for {@code pa} with the given permission and status bits (V added). */
    static long leaf(long pa, long flags) {
        return (pa >>> 12) << 10 | V | flags;
    }
}
