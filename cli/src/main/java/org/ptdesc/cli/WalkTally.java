package org.ptdesc.cli;

import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Stands between a walk and its {@link MappingSink}: counts leaves and faults, notes root
 * tables that could not be read, and stops the walk after {@code --limit} leaves (a tree whose
 * root table points to itself maps 2^36 pages; a degenerate tree can map 2^64 bytes one by one).
 */
final class WalkTally implements WalkVisitor {
    /**
     * The most tables the walk of one piece of a walk on several threads enters (a piece cut
     * where populated tables begin holds a few tens). A piece may be the rest of the range once
     * cutting stopped, and a tree can make it map nothing for hours (tables of empty tables):
     * its walk must end soon, or a thread that took it keeps the command waiting long after
     * the limit, or a closed pipe, has ended the walk that one thread would have done.
     */
    static final long PIECE_TABLES = 1 << 14;

    private final MappingSink sink;
    private final long limit;
    private final UnreadableRoots unreadableRoots;
    private long tablesLeft;
    private long leaves;
    private long faults;
    private boolean stoppedAtLimit;
    private boolean cutShort;

    /** {@code limit} is the most leaves to pass on ({@code Long.MAX_VALUE}: no limit). */
    WalkTally(MappingSink sink, long limit, UnreadableRoots unreadableRoots) {
        this(sink, limit, unreadableRoots, Long.MAX_VALUE);
    }

    private WalkTally(MappingSink sink, long limit, UnreadableRoots unreadableRoots, long mostTables) {
        this.sink = sink;
        this.limit = limit;
        this.unreadableRoots = unreadableRoots;
        this.tablesLeft = mostTables;
    }

    /**
     * The tally of one piece of a walk on several threads, which {@link #absorb} takes: it
     * stops its walk at {@code limit} leaves or after {@value #PIECE_TABLES} tables, and the
     * piece is then walked again through the command's tally.
     */
    static WalkTally piece(MappingSink sink, long limit, UnreadableRoots unreadableRoots) {
        return new WalkTally(sink, limit, unreadableRoots, PIECE_TABLES);
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        if (leaves == limit) {
            stoppedAtLimit = true; // there is at least one more leaf than was listed
            return false;
        }
        leaves++;
        return sink.leaf(va, pa, size, level, entry, attributes);
    }

    @Override
    public boolean hole(long first, long last, int level) {
        return sink.hole(first, last, level);
    }

    @Override
    public Action pre(long first, long last, int level, long table) {
        if (--tablesLeft < 0) {
            cutShort = true;
            return Action.STOP;
        }
        return sink.pre(first, last, level, table);
    }

    @Override
    public boolean post(long first, long last, int level, long table) {
        return sink.post(first, last, level, table);
    }

    @Override
    public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
        faults++;
        if (level == 0 && kind == Failure.TABLE_OUTSIDE_MEMORY) {
            unreadableRoots.note(first, entry);
        }
        return sink.fault(first, last, level, entry, kind, message);
    }

    /**
     * Counts and writes a piece of a walk on several threads, which {@code piece} (a tally of
     * its own, over a sink of {@link MappingSink#piece()}) saw, as if its events had come
     * through here. Returns false, having done nothing, if the limit falls within the piece, the
     * piece's own limit, its most tables or its sink stopped its walk, or the sink cannot absorb
     * it: the piece must then be walked through this tally.
     */
    boolean absorb(WalkTally piece) {
        if (piece.cutShort || piece.stoppedAtLimit || piece.leaves > limit - leaves || !sink.absorb(piece.sink)) {
            return false;
        }
        leaves += piece.leaves;
        faults += piece.faults;
        unreadableRoots.addAll(piece.unreadableRoots);
        return true;
    }

    long leaves() {
        return leaves;
    }

    long faults() {
        return faults;
    }

    boolean stoppedAtLimit() {
        return stoppedAtLimit;
    }

    long limit() {
        return limit;
    }
}
