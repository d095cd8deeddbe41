package org.ptdesc.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * How many bytes of tables {@code ptdesc build} needs for a set of pages, computed before
 * building so the image is allocated once: one top table per root, and below it one table per
 * distinct parent entry that some page below it needs (each with room for its alignment).
 */
final class TableBudget {

    private TableBudget() {}

    static long bytes(MapperIr m, List<MappingsFile.Line> lines) {
        WalkerIr ir = m.tree();
        List<Level> levels = ir.levels();
        long bytes = 0;
        for (MapperIr.RootEncoding r : m.roots()) {
            bytes += r.tableBytes() + r.tableAlignment();
        }
        List<Set<Long>> tables = new ArrayList<>();
        for (int l = 0; l < levels.size(); l++) {
            tables.add(new HashSet<>());
        }
        for (MappingsFile.Line line : lines) {
            int leafLevel = levels.size() - 1;
            while (leafLevel > 0 && levels.get(leafLevel).span() != line.size()) {
                leafLevel--;
            }
            int root = Math.max(0, ir.rootFor(line.va()));
            for (int l = 1; l <= leafLevel; l++) {
                // The table at level l that holds this page, named by its root and the parent's entry.
                long parentShift = levels.get(l - 1).shift();
                tables.get(l).add((line.va() >>> parentShift) * 8 + root);
            }
        }
        for (int l = 1; l < levels.size(); l++) {
            MapperIr.LevelEncoding e = m.levels().get(l);
            bytes += tables.get(l).size() * (e.tableBytes() + e.tableAlignment());
        }
        return bytes;
    }
}
