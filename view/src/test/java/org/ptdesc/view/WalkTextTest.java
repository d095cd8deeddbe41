package org.ptdesc.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The page's text lines, each expectation worked out by hand from the format in {@link WalkText}. */
class WalkTextTest {

    @Test
    void runsGiveGapsAndPhysicalAddressesAsDifferences() {
        List<LeafRun> runs = List.of(
                // 3 pages at 0x1000 -> 0x5000: gap 0x1000 from 0, pa 0x5000 from 0
                new LeafRun(0x1000, 0x5000, 0x1000, 3, 0x5063, 1, -1, 3),
                // right after (va 0x4000), pa continues at 0x8000: both differences 0
                new LeafRun(0x4000, 0x8000, 0x1000, 3, 0x8067, 1, -1, 1),
                // 0x2000 further on, pa 0x3000 below the previous run's physical end 0x9000
                new LeafRun(0x7000, 0x6000, 0x1000, 3, 0x6063, 1, -1, 1));
        String text = WalkText.runs(runs, r -> r.entryFlags() == 0x63 ? 0 : 1);
        assertEquals("1000,3,0,5000\n,,1,\n2000,,0,-3000\n", text);
    }

    @Test
    void aRunAtTheTopOfTheSpaceWrapsItsEnd() {
        List<LeafRun> runs = List.of(new LeafRun(0xffff_ffff_ffff_f000L, 0x1000, 0x1000, 3, 0x1063, 1, -1, 1),
                new LeafRun(0, 0x2000, 0x1000, 3, 0x2063, 1, -1, 1));
        assertEquals("fffffffffffff000,,0,1000\n,,0,\n", WalkText.runs(runs, r -> 0));
    }

    @Test
    void holesCountWholeEntriesOfTheirLevel() {
        List<Hole> holes = List.of(
                new Hole(0, 0x7f_ffff_ffffL, 0),                 // one 512 GiB L0 entry
                new Hole(0x100_0000_0000L, 0x103_ffff_ffffL, 1), // 16 GiB = 0x10 L1 entries, 0x80_0000_0000 later
                new Hole(0x104_0000_0000L, 0x104_0000_0fffL, 3), // one 4 KiB page, right after
                new Hole(0x104_0000_1800L, 0x104_0000_1fffL, 3)); // half a page: a cut hole, 0x800 after
        String text = WalkText.holes(holes, TestTrees.x86Like());
        assertEquals(",,0\n8000000000,10,1\n,,3\n800,=7ff,3\n", text);
    }

    @Test
    void theWholeSpaceAsOneHoleIsOneLine() {
        // 2^64 / 2^39 = 2^25 entries of L0
        assertEquals(",2000000,0\n",
                WalkText.holes(List.of(new Hole(0, -1L, 0)), TestTrees.x86Like()));
    }

    @Test
    void tablesGiveTheirExtentOnlyWhenItIsNotOneWholeEntry() {
        List<Table> tables = List.of(
                new Table(0, 0xffff_ffff_ffffL, 0, 0x10_0000),   // the root table: extent always given
                new Table(0, 0x7f_ffff_ffffL, 1, 0x10_1000),     // one whole L0 entry (512 GiB)
                new Table(0x4000_0000L, 0x7fff_ffffL, 2, 0x10_0000), // one whole L1 entry, table below the last
                new Table(0x4000_0000L, 0x401f_ffffL, 3, 0x10_3000)); // one whole L2 entry
        String text = WalkText.tables(tables, TestTrees.x86Like());
        assertEquals(",0,ffffffffffff,100000\n,1,,1000\n40000000,2,,-1000\n,3,,3000\n", text);
    }
}
