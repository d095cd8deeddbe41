package org.ptdesc.compiler.model;

import java.util.List;

/**
 * The valid addresses of a tree: {@code 0 .. 2^N-1}, or with sign extension the two canonical
 * halves (bits 63..N-1 all equal, as x86-64 and RISC-V require). An address width of 64 makes
 * every address valid either way.
 */
record AddressSpace(int bits, boolean signExtended) {

    static AddressSpace of(int bits, boolean signExtended) {
        return new AddressSpace(bits, signExtended);
    }

    /** The valid addresses as disjoint ranges, ascending. */
    List<Model.Range> halves() {
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
        for (Model.Range h : halves()) {
            if (Long.compareUnsigned(r.first(), h.first()) >= 0 && Long.compareUnsigned(r.last(), h.last()) <= 0) {
                return true;
            }
        }
        return false;
    }

    /** For messages: "48-bit address space (0x0 .. 0xffffffffffff)". */
    String describe() {
        List<Model.Range> h = halves();
        if (h.size() == 1) {
            return bits + "-bit address space (" + text(h.getFirst()) + ")";
        }
        return "canonical halves of the " + bits + "-bit sign-extended address space (" + text(h.get(0)) + " and "
                + text(h.get(1)) + ")";
    }

    private static String text(Model.Range r) {
        return "0x" + Long.toHexString(r.first()) + " .. 0x" + Long.toHexString(r.last());
    }
}
