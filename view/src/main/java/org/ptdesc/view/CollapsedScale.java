package org.ptdesc.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The horizontal scale of the picture: the walked range cut into segments that alternate between
 * populated clusters, drawn linearly, and empty stretches, each collapsed to {@link #GAP_WIDTH}.
 * A cluster gets {@code 1 + log2(1 + extent / unit)} width units, so a single page stays visible
 * beside a region of millions of pages, while pages inside one cluster keep their true proportions.
 * Populated intervals closer than {@code minGap} bytes join one cluster; an empty stretch at either
 * end of the range shorter than {@code minGap} joins its neighbouring cluster.
 */
public final class CollapsedScale {
    /** The width of every collapsed empty stretch, in the same units as the clusters. */
    public static final double GAP_WIDTH = 0.5;

    /** One segment: {@code first..last} (unsigned, inclusive) drawn from {@code x} over {@code width}. */
    public record Segment(long first, long last, double x, double width, boolean collapsed) {}

    private final List<Segment> segments;

    private CollapsedScale(List<Segment> segments) {
        this.segments = List.copyOf(segments);
    }

    /**
     * The scale of {@code first..last} for the populated intervals {@code populated} (pairs of
     * unsigned inclusive bounds, any order, may overlap; parts outside the range are ignored).
     */
    public static CollapsedScale of(long first, long last, List<long[]> populated, long minGap, long unit) {
        List<long[]> clusters = clusters(first, last, populated, minGap);
        List<Segment> out = new ArrayList<>();
        double x = 0;
        long next = first;
        for (long[] c : clusters) {
            if (c[0] != next) {
                out.add(new Segment(next, c[0] - 1, x, GAP_WIDTH, true));
                x += GAP_WIDTH;
            }
            double extent = unsigned(c[1] - c[0]) + 1;
            double width = 1 + log2(1 + extent / unit);
            out.add(new Segment(c[0], c[1], x, width, false));
            x += width;
            if (c[1] == last) {
                return new CollapsedScale(out);
            }
            next = c[1] + 1;
        }
        out.add(new Segment(next, last, x, GAP_WIDTH, true));
        return new CollapsedScale(out);
    }

    /** Sorted, merged clusters; edge gaps shorter than {@code minGap} are absorbed. */
    private static List<long[]> clusters(long first, long last, List<long[]> populated, long minGap) {
        List<long[]> sorted = new ArrayList<>();
        for (long[] p : populated) {
            long lo = maxUnsigned(p[0], first);
            long hi = minUnsigned(p[1], last);
            if (Long.compareUnsigned(lo, hi) <= 0) {
                sorted.add(new long[] {lo, hi});
            }
        }
        sorted.sort(Comparator.comparing((long[] p) -> p[0], Long::compareUnsigned));
        List<long[]> merged = new ArrayList<>();
        for (long[] p : sorted) {
            long[] tail = merged.isEmpty() ? null : merged.getLast();
            // gap = p[0] - tail[1] - 1 bytes between them; join when it is shorter than minGap
            if (tail != null && (Long.compareUnsigned(p[0], tail[1]) <= 0
                    || Long.compareUnsigned(p[0] - tail[1] - 1, minGap) < 0)) {
                tail[1] = maxUnsigned(tail[1], p[1]);
            } else {
                merged.add(new long[] {p[0], p[1]});
            }
        }
        if (!merged.isEmpty()) {
            long[] head = merged.getFirst();
            if (Long.compareUnsigned(head[0] - first, minGap) < 0) {
                head[0] = first;
            }
            long[] tail = merged.getLast();
            if (Long.compareUnsigned(last - tail[1], minGap) < 0) {
                tail[1] = last;
            }
        }
        return merged;
    }

    /** The segments from the start of the range to its end. */
    public List<Segment> segments() {
        return segments;
    }

    /** The total width in units. */
    public double width() {
        Segment s = segments.getLast();
        return s.x() + s.width();
    }

    /** Where address {@code va} lies on the scale (the picture's page script computes the same). */
    public double x(long va) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (Long.compareUnsigned(segments.get(mid).first(), va) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        Segment s = segments.get(lo);
        double extent = unsigned(s.last() - s.first()) + 1;
        return s.x() + unsigned(va - s.first()) / extent * s.width();
    }

    static double unsigned(long v) {
        return v >= 0 ? v : v + 0x1p64;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    private static long maxUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long minUnsigned(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }
}
