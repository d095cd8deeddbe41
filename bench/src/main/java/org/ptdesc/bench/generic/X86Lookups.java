package org.ptdesc.bench.generic;

/**
 * The four x86-64 4-level paging lookups (SDM Vol. 3A §4.5, Tables 4-15 to 4-20), one class
 * per level as a generic walker's user would write them, and the descriptor that strings them
 * together. Attribute word as {@code x86_64.ptdesc}: bit 0 writable (and), 1 user (and),
 * 2 nx (or), 3 global, 4 pwt, 5 pcd, 6 pat (set by the leaf).
 */
public final class X86Lookups {

    static final long P = 1, US = 4, PS = 0x80;
    static final long ADDR = 0x000f_ffff_ffff_f000L;

    /** The x86-64 descriptor: 48 sign-extended address bits, CR3 bits 51:12, four levels of 9 bits. */
    public static GenericTree x86_64() {
        return new GenericTree("x86_64", 48, true, ADDR, 8, 0b0011, new GenericLevel[] {
            new GenericLevel("PML4", 39, 9, new Pml4()),
            new GenericLevel("PDPT", 30, 9, new Pdpt()),
            new GenericLevel("PD", 21, 9, new Pd()),
            new GenericLevel("PT", 12, 9, new Pt()),
        });
    }

    static long tableAttributes(long acc, long e) {
        return (acc & (~3L | ((e >>> 1) & 1) | (e & US) >>> 1)) | ((e >>> 63) << 2);
    }

    static long leafAttributes(long acc, long e, int patBit) {
        return (tableAttributes(acc, e) & ~0x78L) | (((e >>> 8) & 1) << 3) | (e & 0x18) << 1 | ((e >>> patBit) & 1) << 6;
    }

    /** PML4: present or not; always a table (Table 4-15). */
    static final class Pml4 implements LevelLookup {
        @Override
        public long lookup(long e) {
            return (e & P) == 0 ? INVALID : (e & ADDR) | TABLE;
        }

        @Override
        public long attributes(long acc, long e) {
            return tableAttributes(acc, e);
        }
    }

    /** PDPT: PS maps a 1 GiB page (Tables 4-16, 4-17). */
    static final class Pdpt implements LevelLookup {
        @Override
        public long lookup(long e) {
            return (e & P) == 0 ? INVALID : (e & PS) != 0 ? (e & 0x000f_ffff_c000_0000L) | LEAF : (e & ADDR) | TABLE;
        }

        @Override
        public long attributes(long acc, long e) {
            return (e & PS) != 0 ? leafAttributes(acc, e, 12) : tableAttributes(acc, e);
        }
    }

    /** PD: PS maps a 2 MiB page (Tables 4-18, 4-19). */
    static final class Pd implements LevelLookup {
        @Override
        public long lookup(long e) {
            return (e & P) == 0 ? INVALID : (e & PS) != 0 ? (e & 0x000f_ffff_ffe0_0000L) | LEAF : (e & ADDR) | TABLE;
        }

        @Override
        public long attributes(long acc, long e) {
            return (e & PS) != 0 ? leafAttributes(acc, e, 12) : tableAttributes(acc, e);
        }
    }

    /** PT: every present entry maps a 4 KiB page (Table 4-20). */
    static final class Pt implements LevelLookup {
        @Override
        public long lookup(long e) {
            return (e & P) == 0 ? INVALID : (e & ADDR) | LEAF;
        }

        @Override
        public long attributes(long acc, long e) {
            return leafAttributes(acc, e, 7);
        }
    }

    private X86Lookups() {}
}
