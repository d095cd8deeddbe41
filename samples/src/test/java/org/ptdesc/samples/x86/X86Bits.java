package org.ptdesc.samples.x86;

/**
 * Bit positions of x86 paging-structure entries, written from the SDM (Vol. 3A): the same in
 * 32-bit paging (Tables 4-4 to 4-6), PAE paging (Tables 4-8 to 4-11) and 4/5-level paging
 * (Tables 4-14 to 4-20), except that XD exists only in 64-bit entries and PS only in PDEs and
 * PDPTEs (and PML4Es/PML5Es, where it is reserved).
 */
final class X86Bits {
    /** Bit 0, present. */
    static final long P = 1L;
    /** Bit 1, read/write: 0 forbids writes. */
    static final long RW = 1L << 1;
    /** Bit 2, user/supervisor: 0 forbids user-mode accesses. */
    static final long US = 1L << 2;
    /** Bit 3, page-level write-through. */
    static final long PWT = 1L << 3;
    /** Bit 4, page-level cache disable. */
    static final long PCD = 1L << 4;
    /** Bit 5, accessed. */
    static final long A = 1L << 5;
    /** Bit 6, dirty (in an entry that maps a page). */
    static final long D = 1L << 6;
    /** Bit 7, page size (in a PDE or PDPTE: the entry maps a page). */
    static final long PS = 1L << 7;
    /** Bit 8, global (in an entry that maps a page). */
    static final long G = 1L << 8;
    /** Bit 63, execute-disable (64-bit entries, IA32_EFER.NXE = 1). */
    static final long XD = 1L << 63;

    private X86Bits() {}
}
