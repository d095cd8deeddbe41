package org.ptdesc.runtime.roots;

import java.util.OptionalLong;

/**
 * One root of a tree with the register value found for it, or none: the register's name as the
 * descriptor declares it, the (unsigned, inclusive) address range the root translates, and
 * where the value came from, for messages.
 *
 * @param register the root's register name ({@code cr3}, {@code ttbr1_el1}, {@code satp})
 * @param first first address the root translates
 * @param last last address the root translates, inclusive
 * @param value the raw register value, or empty when nothing gave one
 * @param source where the value came from, or why there is none
 */
public record RootValue(String register, long first, long last, OptionalLong value, String source) {

    /** True when {@code va} is in this root's range. */
    public boolean covers(long va) {
        return Long.compareUnsigned(va, first) >= 0 && Long.compareUnsigned(va, last) <= 0;
    }
}
