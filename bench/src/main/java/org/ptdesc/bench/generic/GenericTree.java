package org.ptdesc.bench.generic;

/**
 * The descriptor of the 2014 generic tree-walker proposal, as data: the address width (and
 * whether addresses are sign-extended, x86-64's canonical form), the mask that turns the root
 * register into the top table's address, the entry size, the attribute word before the first
 * level, and the levels from the top, each with its lookup function object.
 */
public record GenericTree(String name, int addressBits, boolean signExtended, long rootMask, int entryBytes,
        long attributesInit, GenericLevel[] levels) {

    /** True when {@code va} is a valid address of the tree. */
    public boolean valid(long va) {
        int unused = 64 - addressBits;
        return signExtended ? (va << unused >> unused) == va : (va >>> addressBits) == 0;
    }
}
