package org.ptdesc.compiler.ir;

import java.util.List;

/**
 * One level of the tree: its table is indexed by address bits {@code shift + bits - 1 .. shift},
 * so each of its entries spans {@code 1 << shift} bytes. Rules are tried in order.
 */
public record Level(String name, int shift, int bits, String doc, List<Rule> rules, int line) {

    public Level {
        rules = List.copyOf(rules);
    }

    /** Bytes covered by one entry. */
    public long span() {
        return 1L << shift;
    }

    /** Number of entries in this level's table. */
    public int entries() {
        return 1 << bits;
    }

    /** Index of {@code va} in this level's table. */
    public int index(long va) {
        return (int) ((va >>> shift) & ((1L << bits) - 1));
    }
}
