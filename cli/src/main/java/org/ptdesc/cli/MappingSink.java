package org.ptdesc.cli;

import org.ptdesc.runtime.WalkVisitor;

/** A walk visitor that writes mappings somewhere, and must be told when the walk is over. */
interface MappingSink extends WalkVisitor {
    /** Writes what is still buffered, and a summary if the format has one. */
    void finish(WalkTally tally);
}
