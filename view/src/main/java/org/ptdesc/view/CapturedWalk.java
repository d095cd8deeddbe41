package org.ptdesc.view;

import java.util.List;
import org.ptdesc.runtime.TreeInfo;

/**
 * Everything one walk reported, in address order, ready to be drawn: leaves coalesced into
 * {@link LeafRun}s, holes (joined where one continues another at the same level), faults and
 * tables as reported, and the number of leaf callbacks
 * ({@code leafCount}, the number of rows {@code walk --format tsv} prints).
 */
public record CapturedWalk(
        TreeInfo info,
        long first,
        long last,
        List<LeafRun> runs,
        List<Hole> holes,
        List<Fault> faults,
        List<Table> tables,
        long leafCount) {

    public CapturedWalk {
        runs = List.copyOf(runs);
        holes = List.copyOf(holes);
        faults = List.copyOf(faults);
        tables = List.copyOf(tables);
    }
}
