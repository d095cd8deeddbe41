package org.ptdesc.bench.generic;

/** One level of a {@link GenericTree}: the address bits that index it and its lookup function. */
public record GenericLevel(String name, int shift, int bits, LevelLookup lookup) {

    /** Bytes covered by one entry. */
    public long span() {
        return 1L << shift;
    }

    /** Index of {@code va} in this level's table. */
    public int index(long va) {
        return (int) ((va >>> shift) & ((1L << bits) - 1));
    }
}
