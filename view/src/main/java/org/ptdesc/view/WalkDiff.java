package org.ptdesc.view;

import java.util.ArrayList;
import java.util.List;

/**
 * The difference of two walks of the same tree (two root sets, or two images): the address
 * ranges that only one of them maps, that both map to different physical addresses, and that
 * both map to the same place with different attributes. Ranges that agree are left out;
 * neighbouring pieces of the same kind are joined.
 */
public final class WalkDiff {

    /** How the two walks disagree over a range. */
    public enum Kind {
        /** Only the first walk maps it. */
        ONLY_FIRST,
        /** Only the second walk maps it. */
        ONLY_SECOND,
        /** Both map it, to different physical addresses. */
        ELSEWHERE,
        /** Both map it to the same physical addresses, with different attributes. */
        PERMISSIONS
    }

    /**
     * One range where the walks disagree; {@code paFirst}/{@code paSecond} and the attributes are
     * those of {@code first} in each walk ({@code -1} and 0 where that walk maps nothing).
     */
    public record Difference(long first, long last, Kind kind, long paFirst, long paSecond, long attributesFirst,
            long attributesSecond) {}

    private WalkDiff() {}

    /** The differences of two address-ordered, non-overlapping lists of runs. */
    public static List<Difference> of(List<LeafRun> a, List<LeafRun> b) {
        List<Difference> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        long pos = 0;
        while (i < a.size() || j < b.size()) {
            LeafRun ra = i < a.size() ? a.get(i) : null;
            LeafRun rb = j < b.size() ? b.get(j) : null;
            long aStart = ra == null ? 0 : max(ra.va(), pos);
            long bStart = rb == null ? 0 : max(rb.va(), pos);
            if (ra != null && (rb == null || Long.compareUnsigned(aStart, bStart) < 0)) {
                long end = rb == null ? ra.last() : min(ra.last(), bStart - 1);
                add(out, new Difference(aStart, end, Kind.ONLY_FIRST, paAt(ra, aStart), -1, ra.attributes(), 0));
                pos = end + 1;
                if (end == ra.last()) {
                    i++;
                }
            } else if (ra == null || Long.compareUnsigned(bStart, aStart) < 0) {
                long end = ra == null ? rb.last() : min(rb.last(), aStart - 1);
                add(out, new Difference(bStart, end, Kind.ONLY_SECOND, -1, paAt(rb, bStart), 0, rb.attributes()));
                pos = end + 1;
                if (end == rb.last()) {
                    j++;
                }
            } else {
                long end = min(ra.last(), rb.last());
                long paA = paAt(ra, aStart);
                long paB = paAt(rb, bStart);
                Kind kind = paA != paB ? Kind.ELSEWHERE : ra.attributes() != rb.attributes() ? Kind.PERMISSIONS : null;
                if (kind != null) {
                    add(out, new Difference(aStart, end, kind, paA, paB, ra.attributes(), rb.attributes()));
                }
                pos = end + 1;
                if (end == ra.last()) {
                    i++;
                }
                if (end == rb.last()) {
                    j++;
                }
            }
        }
        return out;
    }

    /** Appends {@code d}, or extends the last difference when {@code d} continues it. */
    private static void add(List<Difference> out, Difference d) {
        if (!out.isEmpty()) {
            Difference tail = out.getLast();
            if (tail.kind() == d.kind() && tail.last() + 1 == d.first() && tail.last() != -1L
                    && continues(tail, d)) {
                out.set(out.size() - 1, new Difference(tail.first(), d.last(), d.kind(), tail.paFirst(),
                        tail.paSecond(), tail.attributesFirst(), tail.attributesSecond()));
                return;
            }
        }
        out.add(d);
    }

    /** Permission changes join only when they are the same change; the other kinds always join. */
    private static boolean continues(Difference tail, Difference d) {
        return d.kind() != Kind.PERMISSIONS
                || (tail.attributesFirst() == d.attributesFirst() && tail.attributesSecond() == d.attributesSecond());
    }

    private static long paAt(LeafRun r, long va) {
        return r.pa() + (va - r.va());
    }

    private static long max(long x, long y) {
        return Long.compareUnsigned(x, y) >= 0 ? x : y;
    }

    private static long min(long x, long y) {
        return Long.compareUnsigned(x, y) <= 0 ? x : y;
    }
}
