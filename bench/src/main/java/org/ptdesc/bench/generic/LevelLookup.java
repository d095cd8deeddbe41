package org.ptdesc.bench.generic;

/**
 * How one level of a tree decodes its entries: the per-level lookup function of the 2014
 * generic tree-walker proposal, as a function object, one implementation per level. The
 * generic walker calls it through the interface from one loop, so the call site sees every
 * level's class (megamorphic), as it would in a program that walks more than one kind of tree.
 *
 * <p>One call per entry decides everything a translation needs: {@link #lookup} returns the
 * kind of the entry in bits 1:0 and the address it points to in the bits above (tables and
 * pages are at least 4-byte aligned), so no result object is allocated.
 */
public interface LevelLookup {

    /** Kind of an entry that maps nothing (the whole {@link #lookup} result is then 0). */
    int INVALID = 0;
    /** Kind of an entry that points to the next level's table. */
    int TABLE = 1;
    /** Kind of an entry that maps its whole span. */
    int LEAF = 2;
    /** Mask of the kind in a {@link #lookup} result. */
    long KIND = 3;

    /**
     * The entry decoded: {@link #INVALID}, or {@link #TABLE} or {@link #LEAF} or'ed with the
     * next table's physical address or the first byte of the mapped span.
     */
    long lookup(long entry);

    /** The packed attribute word after this entry, from the word {@code acc} before it. */
    long attributes(long acc, long entry);
}
