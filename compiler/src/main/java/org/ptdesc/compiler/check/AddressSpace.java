package org.ptdesc.compiler.check;

import org.ptdesc.compiler.model.Model;

import java.util.List;

/**
 * The valid addresses of a tree. Without sign extension the levels index bits N-1..0 and the
 * bits above N only select a walkable range and a root (AArch64's TTBR0/TTBR1 windows): a range
 * is valid when all its addresses share bits 63..N, and the default is {@code 0 .. 2^N-1}. With
 * sign extension the two canonical halves (bits 63..N-1 all equal, as x86-64 and RISC-V
 * require). An address width of 64 makes every address valid either way.
 */
record AddressSpace(int bits, boolean signExtended) {

    static AddressSpace of(int bits, boolean signExtended) {
        return new AddressSpace(bits, signExtended);
    }

    /** The default walkable ranges, as disjoint ranges, ascending. */
    List<Model.Range> defaultRanges() {
        if (bits == 64) {
            return List.of(new Model.Range(0, -1L));
        }
        if (!signExtended) {
            return List.of(new Model.Range(0, (1L << bits) - 1));
        }
        long half = 1L << (bits - 1);
        return List.of(new Model.Range(0, half - 1), new Model.Range(-half, -1L));
    }

    /** True when every address of {@code r} is valid. */
    boolean contains(Model.Range r) {
        if (bits == 64) {
            return true;
        }
        if (!signExtended) {
            // Any window of 2^N addresses whose bits 63..N are fixed: one top table indexes all of it.
            return r.first() >>> bits == r.last() >>> bits;
        }
        for (Model.Range h : defaultRanges()) {
            if (Long.compareUnsigned(r.first(), h.first()) >= 0 && Long.compareUnsigned(r.last(), h.last()) <= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * For messages: "48-bit address space: all its addresses must have the same bits 63..48
     * (as in 0x0 .. 0xffffffffffff)".
     */
    String describe() {
        List<Model.Range> h = defaultRanges();
        if (!signExtended) {
            return bits + "-bit address space: all its addresses must have the same bits 63.." + bits + " (as in "
                    + text(h.getFirst()) + ")";
        }
        return "canonical halves of the " + bits + "-bit sign-extended address space (" + text(h.get(0)) + " and "
                + text(h.get(1)) + ")";
    }

    private static String text(Model.Range r) {
        return "0x" + Long.toHexString(r.first()) + " .. 0x" + Long.toHexString(r.last());
    }
}
