package org.ptdesc.bench;

import org.ptdesc.runtime.PieceWalk;

/**
 * The pieces of a {@link PieceWalk} that sums the leaves: a {@link LeafSum} per piece, made on
 * the thread that walks it, added up on the calling thread in address order.
 */
final class PieceSums implements PieceWalk.Pieces<LeafSum> {
    long total;

    @Override
    public LeafSum open(long first, long last) {
        return new LeafSum();
    }

    @Override
    public boolean close(LeafSum piece, long first, long last) {
        total += piece.sum();
        return true;
    }
}
