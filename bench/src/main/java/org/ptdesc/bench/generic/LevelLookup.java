package org.ptdesc.bench.generic;

/**
 * How one level of a tree decodes its entries: the function object of the 2014 generic
 * tree-walker proposal, one implementation per level. The generic walker calls these through
 * the interface from one loop, so the call site sees every level's class (megamorphic), as it
 * would in a program that walks more than one kind of tree.
 */
public interface LevelLookup {

    /** {@link #kind} of an entry that maps nothing. */
    int INVALID = 0;
    /** {@link #kind} of an entry that points to the next level's table. */
    int TABLE = 1;
    /** {@link #kind} of an entry that maps its whole span. */
    int LEAF = 2;

    /** {@link #INVALID}, {@link #TABLE} or {@link #LEAF}. */
    int kind(long entry);

    /** The next table's physical address (TABLE) or the first byte of the mapped span (LEAF). */
    long address(long entry);

    /** The packed attribute word after this entry, from the word {@code acc} before it. */
    long attributes(long acc, long entry);
}
