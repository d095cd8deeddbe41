package org.ptdesc.bench;

import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The bar for nested translation: x86-64 4-level paging under Intel EPT, written by hand in
 * Java the way one would without ptdesc. Every guest table entry's guest physical address and
 * the final one go through {@link #ept}, a straight-line EPT walk (4 reads), so a translation
 * of a guest 4 KiB page makes 4 + 5 × 4 = 24 reads, as the hardware's two-dimensional walk does.
 * Entries are read through {@link PhysicalMemory#readLong}, as every compiled walker reads
 * them (the twin of {@link HandWrittenNestedX86EptWalker}, which reads the segment directly):
 * its distance to the pair class is the code generator's own, without the read path's.
 *
 * <p>The same semantics as {@code x86_64.ptdesc} over {@code intel_ept.ptdesc} with default
 * parameters (MAXPHYADDR 52, execute-only and 1 GiB pages supported): guest entries present
 * by P, PS at PDPT and PD; EPT entries present when bits 2:0 are not 000b, and the EPT
 * misconfigurations of SDM Vol. 3C §29.3.3.1 (write without read; reserved bits 7:3 of a
 * PML4E, 6:3 of a non-leaf PDPTE or PDE, the low address bits of a 1 GiB or 2 MiB page;
 * memory types 2, 3, 7 in a leaf) mean no mapping. Translate only: no detailed form, no walk.
 */
public final class HandWrittenNestedX86EptMemoryWalker {

    private static final long P = 1, PS = 0x80;
    private static final long ADDR = 0x000f_ffff_ffff_f000L;
    private static final long ADDR_1G = 0x000f_ffff_c000_0000L;
    private static final long ADDR_2M = 0x000f_ffff_ffe0_0000L;
    private static final long NO = TreeWalker.NO_MAPPING;

    private HandWrittenNestedX86EptMemoryWalker() {}

    /** The host physical address guest virtual {@code va} maps to, or {@code NO_MAPPING}. */
    public static long translate(PhysicalMemory m, long cr3, long eptp, long va) {
        if ((va << 16 >> 16) != va) {
            return NO;
        }
        try {
            long at = ept(m, eptp, (cr3 & ADDR) + ((va >>> 36) & 0xff8));
            if (at == NO) {
                return NO;
            }
            long e = m.readLong(at);
            if ((e & P) == 0) {
                return NO;
            }
            at = ept(m, eptp, (e & ADDR) + ((va >>> 27) & 0xff8));
            if (at == NO) {
                return NO;
            }
            e = m.readLong(at);
            if ((e & P) == 0) {
                return NO;
            }
            if ((e & PS) != 0) {
                return ept(m, eptp, (e & ADDR_1G) | (va & ((1L << 30) - 1)));
            }
            at = ept(m, eptp, (e & ADDR) + ((va >>> 18) & 0xff8));
            if (at == NO) {
                return NO;
            }
            e = m.readLong(at);
            if ((e & P) == 0) {
                return NO;
            }
            if ((e & PS) != 0) {
                return ept(m, eptp, (e & ADDR_2M) | (va & ((1L << 21) - 1)));
            }
            at = ept(m, eptp, (e & ADDR) + ((va >>> 9) & 0xff8));
            if (at == NO) {
                return NO;
            }
            e = m.readLong(at);
            if ((e & P) == 0) {
                return NO;
            }
            return ept(m, eptp, (e & ADDR) | (va & 0xfff));
        } catch (PhysicalMemory.Unreadable tableOutsideMemory) {
            return NO;
        }
    }

    /** The host physical address of guest physical {@code gpa} under EPT, or {@code NO_MAPPING}. */
    static long ept(PhysicalMemory m, long eptp, long gpa) {
        if ((gpa >>> 48) != 0) {
            return NO;
        }
        long e = m.readLong((eptp & ADDR) + ((gpa >>> 36) & 0xff8));
        if ((e & 7) == 0 || (e & 3) == 2 || (e & 0xf8) != 0) {
            return NO;
        }
        e = m.readLong((e & ADDR) + ((gpa >>> 27) & 0xff8));
        if ((e & 7) == 0 || (e & 3) == 2) {
            return NO;
        }
        if ((e & PS) != 0) {
            return (e & 0x3fff_f000L) != 0 || badMemoryType(e) ? NO : (e & ADDR_1G) | (gpa & ((1L << 30) - 1));
        }
        if ((e & 0x78) != 0) {
            return NO;
        }
        e = m.readLong((e & ADDR) + ((gpa >>> 18) & 0xff8));
        if ((e & 7) == 0 || (e & 3) == 2) {
            return NO;
        }
        if ((e & PS) != 0) {
            return (e & 0x1f_f000L) != 0 || badMemoryType(e) ? NO : (e & ADDR_2M) | (gpa & ((1L << 21) - 1));
        }
        if ((e & 0x78) != 0) {
            return NO;
        }
        e = m.readLong((e & ADDR) + ((gpa >>> 9) & 0xff8));
        if ((e & 7) == 0 || (e & 3) == 2 || badMemoryType(e)) {
            return NO;
        }
        return (e & ADDR) | (gpa & 0xfff);
    }

    /** EPT memory types 2, 3 and 7 are reserved (bits 5:3 of a leaf). */
    private static boolean badMemoryType(long e) {
        long type = (e >>> 3) & 7;
        return type == 2 || type == 3 || type == 7;
    }
}
