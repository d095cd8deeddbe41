package org.ptdesc.compiler.codegen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The walkable address space cut by root: each walkable range intersected with each root's
 * range, computed at generation time so that the generated code only compares the address
 * against constants. Walks visit these pieces in address order; translations only ask which
 * root's pieces contain the address (adjacent pieces merged, as fewer comparisons suffice).
 */
final class AddressPieces {

    /** An unsigned inclusive range of addresses translated through root {@code root}. */
    record Piece(long first, long last, int root) {}

    private AddressPieces() {}

    /** Every non-empty piece, in ascending address order. */
    static List<Piece> of(WalkerIr ir) {
        List<Piece> pieces = new ArrayList<>();
        for (WalkerIr.AddressRange range : ir.ranges()) {
            for (int i = 0; i < ir.roots().size(); i++) {
                Root root = ir.roots().get(i);
                long first = Long.compareUnsigned(range.first(), root.first()) >= 0 ? range.first() : root.first();
                long last = Long.compareUnsigned(range.last(), root.last()) <= 0 ? range.last() : root.last();
                if (Long.compareUnsigned(first, last) <= 0) {
                    pieces.add(new Piece(first, last, i));
                }
            }
        }
        pieces.sort(Comparator.comparing(Piece::first, Long::compareUnsigned));
        return pieces;
    }

    /** The pieces of root {@code root}, adjacent ones merged, in ascending order. */
    static List<Piece> ofRoot(WalkerIr ir, int root) {
        List<Piece> merged = new ArrayList<>();
        for (Piece p : of(ir)) {
            if (p.root() != root) {
                continue;
            }
            if (!merged.isEmpty()) {
                Piece prev = merged.getLast();
                if (prev.last() != -1L && prev.last() + 1 == p.first()) {
                    merged.set(merged.size() - 1, new Piece(prev.first(), p.last(), root));
                    continue;
                }
            }
            merged.add(p);
        }
        return merged;
    }
}
