package org.ptdesc.runtime;

/**
 * Receives the events of a batched walk ({@link TreeWalker#walkBatched}) a {@link LeafBatch}
 * at a time: leaves, holes and faults in address order, several hundred per call, so that the
 * per-event work is a loop over primitive arrays instead of a call per leaf. The batch is
 * reused for the next call: keep nothing from it but copies.
 */
@FunctionalInterface
public interface BatchVisitor {

    /** The next events of the walk, in address order. Return false to stop the walk. */
    boolean accept(LeafBatch batch);
}
