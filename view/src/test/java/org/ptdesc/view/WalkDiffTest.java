package org.ptdesc.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.view.WalkDiff.Difference;
import org.ptdesc.view.WalkDiff.Kind;

class WalkDiffTest {
    private static LeafRun run(long va, long pa, long pages, long attributes) {
        return new LeafRun(va, pa, 0x1000, 3, pa | 0x63, attributes, -1, pages);
    }

    @Test
    void classifiesEveryKindOfDisagreement() {
        // first:  0x0000-0x3fff -> 0x10000 (4 pages, attrs 1), 0x8000-0x8fff -> 0x30000 (attrs 1)
        // second: 0x1000-0x1fff -> 0x11000 (same), 0x2000-0x2fff -> 0x12000 attrs 3 (permissions),
        //         0x3000-0x3fff -> 0x99000 (elsewhere), 0x5000-0x5fff -> 0x40000 (only second)
        List<LeafRun> a = List.of(run(0, 0x10000, 4, 1), run(0x8000, 0x30000, 1, 1));
        List<LeafRun> b = List.of(run(0x1000, 0x11000, 1, 1), run(0x2000, 0x12000, 1, 3), run(0x3000, 0x99000, 1, 1),
                run(0x5000, 0x40000, 1, 1));
        List<Difference> expected = List.of(
                new Difference(0, 0xfff, Kind.ONLY_FIRST, 0x10000, -1, 1, 0),
                new Difference(0x2000, 0x2fff, Kind.PERMISSIONS, 0x12000, 0x12000, 1, 3),
                new Difference(0x3000, 0x3fff, Kind.ELSEWHERE, 0x13000, 0x99000, 1, 1),
                new Difference(0x5000, 0x5fff, Kind.ONLY_SECOND, -1, 0x40000, 0, 1),
                new Difference(0x8000, 0x8fff, Kind.ONLY_FIRST, 0x30000, -1, 1, 0));
        assertEquals(expected, WalkDiff.of(a, b));
    }

    @Test
    void identicalWalksHaveNoDifference() {
        List<LeafRun> a = List.of(run(0, 0x10000, 4, 1), run(0xffff_ffff_ffff_f000L, 0x5000, 1, 0));
        assertEquals(List.of(), WalkDiff.of(a, a));
    }

    @Test
    void neighbouringPiecesOfOneKindJoin() {
        // the second maps the same range through two runs elsewhere: one ELSEWHERE range
        List<LeafRun> a = List.of(run(0, 0x10000, 4, 1));
        List<LeafRun> b = List.of(run(0, 0x50000, 2, 1), run(0x2000, 0x70000, 2, 1));
        assertEquals(List.of(new Difference(0, 0x3fff, Kind.ELSEWHERE, 0x10000, 0x50000, 1, 1)), WalkDiff.of(a, b));
    }

    @Test
    void theTopOfTheAddressSpaceIsHandledWithoutWrapping() {
        List<LeafRun> a = List.of(run(0xffff_ffff_ffff_e000L, 0x1000, 2, 1));
        List<LeafRun> b = List.of(run(0xffff_ffff_ffff_f000L, 0x2000, 1, 5));
        assertEquals(List.of(new Difference(0xffff_ffff_ffff_e000L, 0xffff_ffff_ffff_efffL, Kind.ONLY_FIRST, 0x1000, -1, 1, 0),
                new Difference(0xffff_ffff_ffff_f000L, -1L, Kind.PERMISSIONS, 0x2000, 0x2000, 1, 5)), WalkDiff.of(a, b));
    }
}
