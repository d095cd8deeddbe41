package org.ptdesc.runtime;

/**
 * Decodes the entries of an {@link EntryRun}: the level's rules of a tree, one entry at a time,
 * with the meaning its walk gives them. Implemented by generated walkers, whose methods hold
 * each level's rules inlined behind a switch on the level, so that a consumer's loop over a run
 * compiles, once the JIT inlines them, to the reads and bit tests of that level alone. Only
 * levels without table rules have runs; the methods answer for no other level.
 */
public interface RunDecoder {

    /** What the level's rules make of an entry: a leaf. */
    int LEAF = 0;
    /** An invalid entry (part of a hole). */
    int INVALID = 1;
    /** An entry a {@code fault} rule matches ({@link Failure#FAULT}). */
    int FAULT = 2;
    /** An entry no rule matches ({@link Failure#NO_RULE}). */
    int NO_RULE = 3;

    /** {@link #LEAF}, {@link #INVALID}, {@link #FAULT} or {@link #NO_RULE}: what {@code entry} of {@code level} is, at address {@code va}. */
    int runKind(int level, long entry, long va);

    /** The physical address {@code va} maps to, if {@code entry} is a leaf; otherwise {@link TreeWalker#NO_MAPPING}. */
    long runPa(int level, long entry, long va);

    /** The leaf's attribute word, from the word {@code acc} its tables left; 0 if not a leaf. */
    long runAttributes(int level, long entry, long va, long acc);

    /** The message of the {@code fault} rule that matches {@code entry}; "" if none does. */
    String runMessage(int level, long entry, long va);
}
