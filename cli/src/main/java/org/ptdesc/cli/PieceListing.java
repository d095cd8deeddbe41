package org.ptdesc.cli;

import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.PieceWalk;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The listing of {@code walk --threads N}: each piece of the range is counted and formatted on
 * the thread that walks it, by a {@link WalkTally} of its own over a {@linkplain
 * MappingSink#piece() piece sink}, and the pieces are written in address order through the
 * command's tally, so the output is the one-thread output to the byte. A piece in which the
 * {@code --limit} would fall, whose text grew past what a piece may keep ({@link
 * ListingText#KEPT_MOST}), whose walk entered more tables than a piece may ({@link
 * WalkTally#PIECE_TABLES}), or whose text the sink cannot absorb, is walked again on this thread
 * through the command's own visitor, which is exact by definition; so are the counts, the
 * unreadable roots and the progress.
 */
final class PieceListing implements PieceWalk.Pieces<WalkTally> {
    private final TreeWalker walker;
    private final PhysicalMemory mem;
    private final long[] roots;
    private final WalkTally tally;
    private final MappingSink sink;
    private final WalkVisitor oneThread;
    private final Progress progress;

    /** {@code oneThread} is the visitor a one-thread walk would use: {@code tally} over {@code sink}, perhaps wrapped by {@code progress}. */
    PieceListing(TreeWalker walker, PhysicalMemory mem, long[] roots, WalkTally tally, MappingSink sink,
            WalkVisitor oneThread, Progress progress) {
        this.walker = walker;
        this.mem = mem;
        this.roots = roots;
        this.tally = tally;
        this.sink = sink;
        this.oneThread = oneThread;
        this.progress = progress;
    }

    /**
     * A piece's own tally stops at the command's limit too: a piece never needs more leaves
     * than that, and one of a tree whose tables point to each other may map without end. It
     * also stops after {@link WalkTally#PIECE_TABLES} tables: a piece may map nothing for
     * hours, and a thread walking it would keep the command from ending when the limit is
     * reached in a piece before it.
     */
    @Override
    public WalkTally open(long first, long last) {
        return WalkTally.piece(sink.piece(), tally.limit(), new UnreadableRoots(walker.info(), roots));
    }

    @Override
    public boolean close(WalkTally piece, long first, long last) {
        if (!tally.absorb(piece)) {
            walker.walk(mem, roots, first, last, oneThread);
        }
        progress.reached(last);
        return !tally.stoppedAtLimit();
    }
}
