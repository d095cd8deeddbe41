package org.ptdesc.cli;

import org.ptdesc.runtime.WalkVisitor;

/**
 * A walk visitor that writes mappings somewhere, and must be told when the walk is over. A walk
 * on several threads gives each piece of the range a {@linkplain #piece() piece sink} of the
 * same format, which keeps its text, and the sink of the command {@linkplain #absorb absorbs}
 * the pieces in address order: the output is then the one-thread walk's to the byte.
 */
interface MappingSink extends WalkVisitor {
    /** Writes what is still buffered, and a summary if the format has one. */
    void finish(WalkTally tally);

    /** A new sink of the same format and options for one piece of the walk: it writes nothing, it keeps its text. */
    MappingSink piece();

    /**
     * Writes what {@code piece} (made by {@link #piece()}, finished walking the piece that
     * follows everything this sink has seen) holds, exactly as if this sink had seen the
     * piece's events itself. Returns false, having written nothing, if it cannot tell that
     * output from the piece's text alone; the piece must then be walked again through this sink.
     */
    boolean absorb(MappingSink piece);
}
