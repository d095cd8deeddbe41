package org.ptdesc.samples.arm;

/**
 * VMSAv8-64 stage 1 descriptors encoded by hand from the Arm ARM (DDI 0487) D8.3 "Translation
 * table descriptor formats", independently of the descriptors under test, to build test trees
 * byte by byte.
 */
final class Vmsa {

    private Vmsa() {}

    /** D8.3: bits 1:0 = 0b11 at levels above the last: a table descriptor. */
    static final long TABLE = 0b11;
    /** D8.3: bits 1:0 = 0b01: a block descriptor (levels where blocks are allowed). */
    static final long BLOCK = 0b01;
    /** D8.3: bits 1:0 = 0b11 at the last level: a page descriptor. */
    static final long PAGE = 0b11;

    // Table descriptor upper attributes (D8.3; meaning in D8.4 "Hierarchical permissions").
    /** APTable[0] (bit 61): no EL0 access to anything below. */
    static final long AP_TABLE_NO_EL0 = 1L << 61;
    /** APTable[1] (bit 62): no write access at any EL to anything below. */
    static final long AP_TABLE_READ_ONLY = 1L << 62;
    /** UXNTable (bit 60). */
    static final long UXN_TABLE = 1L << 60;
    /** PXNTable (bit 59). */
    static final long PXN_TABLE = 1L << 59;

    // Block and page descriptor attributes (D8.3; AP and XN meaning in D8.4).
    /** AttrIndx (bits 4:2). */
    static long attrIndx(int i) {
        return (long) i << 2;
    }
    /** AP[1] (bit 6): EL0 access allowed. */
    static final long AP_EL0 = 1L << 6;
    /** AP[2] (bit 7): read-only. */
    static final long AP_READ_ONLY = 1L << 7;
    /** SH = 0b11 (bits 9:8): inner shareable. */
    static final long SH_INNER = 0b11L << 8;
    /** AF (bit 10). */
    static final long AF = 1L << 10;
    /** nG (bit 11). */
    static final long NG = 1L << 11;
    /** PXN (bit 53). */
    static final long PXN = 1L << 53;
    /** UXN (bit 54). */
    static final long UXN = 1L << 54;

    /** A table descriptor pointing to {@code next} (48-bit OA: bits 47:12 in place). */
    static long table(long next, long attributes) {
        return next | attributes | TABLE;
    }

    /** A block descriptor for output address {@code oa} (bits 47:n in place). */
    static long block(long oa, long attributes) {
        return oa | attributes | BLOCK;
    }

    /** A page descriptor for output address {@code oa} (bits 47:n in place). */
    static long page(long oa, long attributes) {
        return oa | attributes | PAGE;
    }

    /**
     * D8.3, 64 KiB granule with a 52-bit output address: address bits 51:48 move to descriptor
     * bits 15:12, bits 47:16 stay in place.
     */
    static long oa52(long pa) {
        return (pa & 0x0000_ffff_ffff_0000L) | ((pa >>> 48) & 0xf) << 12;
    }
}
