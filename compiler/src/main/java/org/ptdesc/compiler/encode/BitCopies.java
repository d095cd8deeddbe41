package org.ptdesc.compiler.encode;

import java.util.ArrayList;
import java.util.List;

/**
 * A function that copies bits: {@code out = OR of ((in >>> from) & mask(width)) << to} over its
 * pieces. Encodings are made of these (address bits into an entry, attribute bits into an
 * entry, a table address into a root register), so both engines evaluate them the same way
 * and the generator emits each piece as a shift, a mask and a shift.
 */
public record BitCopies(List<Piece> pieces) {

    /** Copies nothing. */
    public static final BitCopies NONE = new BitCopies(List.of());

    public BitCopies {
        pieces = List.copyOf(pieces);
    }

    /** Input bits {@code from + width - 1 .. from} go to output bits {@code to + width - 1 .. to}. */
    public record Piece(int from, int to, int width) {
        /** The piece's input bits. */
        public long sourceMask() {
            return mask(width) << from;
        }

        /** The piece's output bits. */
        public long targetMask() {
            return mask(width) << to;
        }

        /** This piece applied to {@code x}. */
        public long apply(long x) {
            return ((x >>> from) & mask(width)) << to;
        }
    }

    /** The copies applied to {@code x}. */
    public long apply(long x) {
        long out = 0;
        for (Piece p : pieces) {
            out |= p.apply(x);
        }
        return out;
    }

    /** Every input bit that is copied. */
    public long sourceMask() {
        long m = 0;
        for (Piece p : pieces) {
            m |= p.sourceMask();
        }
        return m;
    }

    /** Every output bit that is written. */
    public long targetMask() {
        long m = 0;
        for (Piece p : pieces) {
            m |= p.targetMask();
        }
        return m;
    }

    /** The copies the other way round (output bits back to input bits). */
    public BitCopies inverse() {
        List<Piece> out = new ArrayList<>();
        for (Piece p : pieces) {
            out.add(new Piece(p.to(), p.from(), p.width()));
        }
        return of(out);
    }

    /** Copies from single-bit pairs {@code from[i] -> to[i]}, merged into contiguous pieces. */
    static BitCopies ofPairs(int[] from, int[] to, int n) {
        List<Piece> singles = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            singles.add(new Piece(from[i], to[i], 1));
        }
        return of(singles);
    }

    /** Pieces sorted by input bit, adjacent pieces with the same distance merged. */
    static BitCopies of(List<Piece> list) {
        List<Piece> sorted = new ArrayList<>(list);
        sorted.sort((a, b) -> Integer.compare(a.from(), b.from()));
        List<Piece> merged = new ArrayList<>();
        for (Piece p : sorted) {
            if (!merged.isEmpty()) {
                Piece last = merged.getLast();
                if (last.from() + last.width() == p.from() && last.to() + last.width() == p.to()) {
                    merged.set(merged.size() - 1, new Piece(last.from(), last.to(), last.width() + p.width()));
                    continue;
                }
            }
            merged.add(p);
        }
        return new BitCopies(merged);
    }

    static long mask(int width) {
        return width >= 64 ? -1L : (1L << width) - 1;
    }
}
