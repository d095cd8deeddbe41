package org.ptdesc.cli;

import java.util.List;
import java.util.Map;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.roots.RootScan;

/**
 * What {@code ptdesc info} found, gathered before anything is printed, so that the text and
 * JSON renderings show the same facts.
 *
 * @param image the image file as given
 * @param format the format's short name
 * @param description the memory's own description
 * @param ranges the physical ranges, ascending
 * @param cpus the CPU notes
 * @param vmcoreinfo the VMCOREINFO pairs
 * @param tree the descriptor's tree, or null without {@code --desc}
 */
record InfoReport(String image, String format, String description, List<PhysicalMemory.Range> ranges,
        List<CpuState> cpus, Map<String, String> vmcoreinfo, TreeReport tree) {

    /** Total bytes of all ranges (saturating at 2^64 - 1). */
    long totalBytes() {
        long t = 0;
        for (PhysicalMemory.Range r : ranges) {
            t = Long.compareUnsigned(t + r.length(), t) < 0 ? -1L : t + r.length();
        }
        return t;
    }

    /** The largest gap between consecutive ranges as {start, length}, or null with fewer than two ranges. */
    long[] largestGap() {
        long[] best = null;
        for (int i = 1; i < ranges.size(); i++) {
            long end = ranges.get(i - 1).start() + ranges.get(i - 1).length();
            long gap = ranges.get(i).start() - end;
            if (gap != 0 && (best == null || Long.compareUnsigned(gap, best[1]) > 0)) {
                best = new long[] {end, gap};
            }
        }
        return best;
    }

    /**
     * The tree part of the report.
     *
     * @param name the tree's name
     * @param descriptor the descriptor file
     * @param rootSource where the roots came from (one line), or why there are none
     * @param rootDetails how each value was derived
     * @param found whether roots were found
     * @param warnings paging-mode warnings
     * @param walks one summary per root
     * @param scan the scan's report, or null without {@code --scan}
     */
    record TreeReport(String name, String descriptor, String rootSource, List<String> rootDetails, boolean found,
            List<String> warnings, List<RootWalk> walks, RootScan.ScanReport scan) {}

    /**
     * The walk from one root.
     *
     * @param register the root's register
     * @param value its value, or null when it has none
     * @param why where the value came from, or why it has none
     * @param leaves leaves found
     * @param mappedBytes bytes they map
     * @param faults faults found
     * @param pageSizes leaf count per page size, ascending by size
     */
    record RootWalk(String register, Long value, String why, long leaves, long mappedBytes, long faults,
            Map<Long, Long> pageSizes) {}
}
