package org.ptdesc.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.Failure;

class WalkCaptureTest {

    private static WalkCapture capture() {
        return new WalkCapture(TestTrees.x86Like(), RuleBook.NONE, 0, -1L);
    }

    @Test
    void pagesThatFollowOnInBothSpacesWithEqualFlagsBecomeOneRun() {
        WalkCapture c = capture();
        // three 4 KiB pages at 0x1000.. mapped to 0x5000.., entries = pa | 0x63
        c.leaf(0x1000, 0x5000, 0x1000, 3, 0x5063, 1);
        c.leaf(0x2000, 0x6000, 0x1000, 3, 0x6063, 1);
        c.leaf(0x3000, 0x7000, 0x1000, 3, 0x7063, 1);
        CapturedWalk w = c.result();
        assertEquals(List.of(new LeafRun(0x1000, 0x5000, 0x1000, 3, 0x5063, 1, -1, 3)), w.runs());
        assertEquals(3, w.leafCount());
        assertEquals(0x3fff, w.runs().getFirst().last());
    }

    @Test
    void anyDifferenceStartsANewRun() {
        WalkCapture c = capture();
        c.leaf(0x1000, 0x5000, 0x1000, 3, 0x5063, 1);
        c.leaf(0x2000, 0x9000, 0x1000, 3, 0x9063, 1);   // physical address jumps
        c.leaf(0x3000, 0xa000, 0x1000, 3, 0xa067, 1);   // entry flags differ (0x67 vs 0x63)
        c.leaf(0x4000, 0xb000, 0x1000, 3, 0xb067, 3);   // attributes differ
        c.leaf(0x6000, 0xc000, 0x1000, 3, 0xc067, 3);   // virtual gap at 0x5000
        c.leaf(0x200000, 0x200000, 0x200000, 2, 0x2000e3, 3); // another level and size
        CapturedWalk w = c.result();
        assertEquals(6, w.runs().size());
        assertEquals(6, w.leafCount());
        w.runs().forEach(r -> assertEquals(1, r.pages()));
    }

    @Test
    void aRunEndsAtTheTopOfTheAddressSpaceWithoutWrapping() {
        WalkCapture c = capture();
        c.leaf(0xffff_ffff_ffff_e000L, 0x1000, 0x1000, 3, 0x1063, 1);
        c.leaf(0xffff_ffff_ffff_f000L, 0x2000, 0x1000, 3, 0x2063, 1);
        CapturedWalk w = c.result();
        assertEquals(1, w.runs().size());
        assertEquals(-1L, w.runs().getFirst().last());
    }

    @Test
    void holesFaultsAndTablesAreKeptAsReported() {
        WalkCapture c = capture();
        c.pre(0, -1L, 0, 0x1000);
        c.hole(0, 0x7f_ffff_ffffL, 0);
        c.fault(0x80_0000_0000L, 0xff_ffff_ffffL, 0, 0xdead, Failure.FAULT, "reserved bit");
        CapturedWalk w = c.result();
        assertEquals(List.of(new Table(0, -1L, 0, 0x1000)), w.tables());
        assertEquals(List.of(new Hole(0, 0x7f_ffff_ffffL, 0)), w.holes());
        assertEquals(List.of(new Fault(0x80_0000_0000L, 0xff_ffff_ffffL, 0, 0xdead, Failure.FAULT, "reserved bit")),
                w.faults());
        assertEquals(0, w.leafCount());
    }

    @Test
    void holesThatContinueEachOtherAtOneLevelJoin() {
        WalkCapture c = capture();
        c.hole(0x1000, 0x1fff, 3);
        c.hole(0x2000, 0x5fff, 3);            // continues it: joined
        c.hole(0x6000, 0x1f_ffff, 2);         // continues it, but at another level
        c.hole(0x40_0000, 0x40_0fff, 3);      // a gap before it
        c.hole(0xffff_ffff_ffff_f000L, -1L, 3);
        CapturedWalk w = c.result();
        assertEquals(List.of(new Hole(0x1000, 0x5fff, 3), new Hole(0x6000, 0x1f_ffff, 2), new Hole(0x40_0000, 0x40_0fff, 3),
                new Hole(0xffff_ffff_ffff_f000L, -1L, 3)), w.holes());
    }
}
