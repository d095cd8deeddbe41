package org.ptdesc.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.view.CollapsedScale.Segment;

class CollapsedScaleTest {
    private static final double EPS = 1e-12;

    @Test
    void farApartRegionsBecomeClustersWithCollapsedGapsBetween() {
        // range 0..0xffff_ffff; pages at 0x10000 (one) and 0x8000_0000.. (three); minGap 2 MiB, unit 4 KiB
        CollapsedScale s = CollapsedScale.of(0, 0xffff_ffffL,
                List.of(new long[] {0x8000_0000L, 0x8000_2fffL}, new long[] {0x10000, 0x10fff}), 0x20_0000, 0x1000);
        // leading stretch 0..0xffff is shorter than minGap: it joins the first cluster (0x11000 bytes = 17 pages)
        double w1 = 1 + Math.log(1 + 17) / Math.log(2);
        double w2 = 1 + Math.log(1 + 3) / Math.log(2); // = 3
        List<Segment> expected = List.of(
                new Segment(0, 0x10fff, 0, w1, false),
                new Segment(0x11000, 0x7fff_ffffL, w1, 0.5, true),
                new Segment(0x8000_0000L, 0x8000_2fffL, w1 + 0.5, 3, false),
                new Segment(0x8000_3000L, 0xffff_ffffL, w1 + 3.5, 0.5, true));
        assertEquals(expected.size(), s.segments().size());
        for (int i = 0; i < expected.size(); i++) {
            Segment e = expected.get(i);
            Segment a = s.segments().get(i);
            assertEquals(e.first(), a.first(), "first of " + i);
            assertEquals(e.last(), a.last(), "last of " + i);
            assertEquals(e.x(), a.x(), EPS, "x of " + i);
            assertEquals(e.width(), a.width(), EPS, "width of " + i);
            assertEquals(e.collapsed(), a.collapsed(), "collapsed " + i);
        }
        assertEquals(w2, 3, EPS);
        assertEquals(w1 + 4, s.width(), EPS);
        // the middle page of the second cluster starts one third of the way into it
        assertEquals(w1 + 0.5 + 1, s.x(0x8000_1000L), EPS);
        // the middle of the gap between the clusters lies in the middle of its collapsed width
        assertEquals(w1 + 0.25, s.x(0x11000 + (0x8000_0000L - 0x11000) / 2), 1e-9);
    }

    @Test
    void nearbyRegionsJoinOneLinearCluster() {
        // two pages 8 KiB apart (gap 0x1000 < minGap 0x4000) at the very start and end of the range
        CollapsedScale s = CollapsedScale.of(0, 0x2fff, List.of(new long[] {0, 0xfff}, new long[] {0x2000, 0x2fff}),
                0x4000, 0x1000);
        assertEquals(1, s.segments().size());
        assertEquals(1 + 2, s.width(), EPS); // 3 pages: 1 + log2(4)
        assertEquals(1.0, s.x(0x1000), EPS);
    }

    @Test
    void theUpperHalfOfTheAddressSpaceIsOrderedAfterTheLowerHalf() {
        CollapsedScale s = CollapsedScale.of(0, -1L,
                List.of(new long[] {0xffff_ffff_ffff_f000L, -1L}, new long[] {0x1000, 0x1fff}), 0x20_0000, 0x1000);
        // clusters: 0..0x1fff (edge gap joins, 2 pages) and 0xffff...f000..max (1 page, edge gap at the end none)
        assertEquals(3, s.segments().size());
        assertEquals(0, s.segments().get(0).first());
        assertEquals(0xffff_ffff_ffff_f000L, s.segments().get(2).first());
        assertEquals(-1L, s.segments().get(2).last());
        double w1 = 1 + Math.log(3) / Math.log(2);
        assertEquals(w1 + 0.5 + 2, s.width(), EPS);
        assertEquals(w1 + 0.5, s.x(0xffff_ffff_ffff_f000L), EPS);
    }

    @Test
    void anEmptyWalkIsOneCollapsedStretch() {
        CollapsedScale s = CollapsedScale.of(0, -1L, List.of(), 0x20_0000, 0x1000);
        assertEquals(List.of(new Segment(0, -1L, 0, 0.5, true)), s.segments());
    }
}
