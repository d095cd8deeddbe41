package org.ptdesc.compiler.ir;

/**
 * A set of entries that one test can recognise: the entries {@code e} with
 * {@code (e & mask) == value} (a cube: the bits of {@code mask} fixed, the others free) that also
 * lie in the unsigned interval {@code low..high} (the whole word when there is no interval). The
 * code generator tests it inline as the fast accept of a rule ({@link RegionSearch}).
 */
public record EntryRegion(long mask, long value, long low, long high) {

    public EntryRegion {
        if ((value & ~mask) != 0) {
            throw new IllegalArgumentException("value 0x" + Long.toHexString(value) + " has bits outside mask 0x"
                    + Long.toHexString(mask));
        }
        if (Long.compareUnsigned(low, high) > 0) {
            throw new IllegalArgumentException("empty interval 0x" + Long.toHexString(low) + "..0x" + Long.toHexString(high));
        }
    }

    /** The cube alone, with no interval. */
    public static EntryRegion cube(long mask, long value) {
        return new EntryRegion(mask, value, 0, -1L);
    }

    /** True when {@code entry} is in the region. */
    public boolean contains(long entry) {
        return (entry & mask) == value && Long.compareUnsigned(entry, low) >= 0 && Long.compareUnsigned(entry, high) <= 0;
    }

    /** True when the region restricts the entry to an interval (a second test). */
    public boolean hasInterval() {
        return low != 0 || high != -1L;
    }
}
