package org.ptdesc.bench;

/**
 * Sixty-four bytes of padding before a subclass's fields (a superclass's fields come first in
 * an object), the first half of {@link LeafTally}'s padding. (Two {@link LeafSum}s allocated one
 * after the other made the per-thread walk of the large tree on 2 threads 2.4 times slower
 * than one thread's walk.) The fields are never read.
 */
abstract class LinePadded {
    long pad0;
    long pad1;
    long pad2;
    long pad3;
    long pad4;
    long pad5;
    long pad6;
    long pad7;
}
