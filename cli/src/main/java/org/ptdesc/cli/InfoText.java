package org.ptdesc.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.roots.RootScan;

/** {@code ptdesc info} for people: one fact per line, text from the image escaped. */
final class InfoText {
    private InfoText() {}

    static String render(InfoReport r, int scanTop) {
        StringBuilder sb = new StringBuilder();
        line(sb, "image", ControlCharacters.escape(r.image()));
        line(sb, "format", ControlCharacters.escape(r.format()) + " (" + ControlCharacters.escape(r.description()) + ")");
        long[] gap = r.largestGap();
        line(sb, "physical ranges", r.ranges().size() + ", " + Sizes.human(r.totalBytes()) + " in total"
                + (gap == null ? ", no gaps" : ", largest gap " + Sizes.human(gap[1]) + " at " + HexConverter.hex(gap[0])));
        for (var range : r.ranges()) {
            sb.append("  ").append(HexConverter.hex(range.start())).append("..")
                    .append(HexConverter.hex(range.start() + range.length() - 1))
                    .append("  ").append(Sizes.human(range.length())).append('\n');
        }
        line(sb, "CPU notes", r.cpus().isEmpty() ? "none with registers" : String.valueOf(r.cpus().size()));
        for (CpuState c : r.cpus()) {
            String regs = new TreeMap<>(c.registers()).entrySet().stream()
                    .map(e -> ControlCharacters.escape(e.getKey()) + "=" + HexConverter.hex(e.getValue()))
                    .collect(Collectors.joining(" "));
            sb.append("  CPU ").append(c.index()).append(" (").append(ControlCharacters.escape(c.source())).append("): ")
                    .append(regs).append('\n');
        }
        line(sb, "VMCOREINFO", r.vmcoreinfo().isEmpty() ? "none" : r.vmcoreinfo().size() + " keys");
        for (Map.Entry<String, String> e : r.vmcoreinfo().entrySet()) {
            sb.append("  ").append(ControlCharacters.escape(e.getKey())).append('=').append(ControlCharacters.escape(e.getValue())).append('\n');
        }
        if (r.tree() != null) {
            tree(sb, r.tree(), scanTop);
        }
        return sb.toString();
    }

    private static void tree(StringBuilder sb, InfoReport.TreeReport t, int scanTop) {
        line(sb, "tree", ControlCharacters.escape(t.name()) + " (" + ControlCharacters.escape(t.descriptor()) + ")");
        for (String w : t.warnings()) {
            line(sb, "warning", ControlCharacters.escape(w));
        }
        line(sb, "roots", t.found() ? ControlCharacters.escape(t.rootSource()) : "none: " + ControlCharacters.escape(t.rootSource()));
        for (String d : t.rootDetails()) {
            sb.append("  ").append(ControlCharacters.escape(d)).append('\n');
        }
        for (InfoReport.RootWalk w : t.walks()) {
            sb.append("walk from ").append(w.register());
            if (w.value() == null) {
                sb.append(": no value (").append(ControlCharacters.escape(w.why())).append(")\n");
                continue;
            }
            sb.append('=').append(HexConverter.hex(w.value())).append(": ").append(w.leaves()).append(" leaves, ")
                    .append(Sizes.human(w.mappedBytes())).append(" mapped");
            if (!w.pageSizes().isEmpty()) {
                sb.append(" (").append(w.pageSizes().entrySet().stream()
                        .map(e -> Sizes.human(e.getKey()) + " x" + e.getValue()).collect(Collectors.joining(", "))).append(')');
            }
            sb.append(", ").append(w.faults()).append(w.faults() == 1 ? " fault" : " faults").append('\n');
        }
        if (t.scan() != null) {
            scan(sb, t.scan(), scanTop);
        }
    }

    private static void scan(StringBuilder sb, RootScan.ScanReport s, int top) {
        line(sb, "scan (heuristic)", s.pagesScanned() + " pages scanned, " + s.topTablesPassed()
                + " passed as top tables, " + s.walked() + " walked, in " + (s.nanos() / 1_000_000) + " ms");
        for (String n : s.notes()) {
            sb.append("  note: ").append(ControlCharacters.escape(n)).append('\n');
        }
        Map<String, List<RootScan.Candidate>> byRoot = s.candidates().stream()
                .collect(Collectors.groupingBy(RootScan.Candidate::root, java.util.LinkedHashMap::new, Collectors.toList()));
        for (var e : byRoot.entrySet()) {
            sb.append("  candidates for ").append(e.getKey()).append(" (best first):\n");
            int rank = 1;
            for (RootScan.Candidate c : e.getValue().subList(0, Math.min(top, e.getValue().size()))) {
                sb.append(String.format("  %3d. table %s  --root %s  maps %s in %d leaves, %d tables, %d faults%s%s%s%n", rank++,
                        HexConverter.hex(c.table()), HexConverter.hex(c.register()), Sizes.human(c.mappedBytes()), c.leaves(), c.populatedTables(),
                        c.faults(), c.truncated() ? " (walk cut at its budget)" : "",
                        c.agreeing() > 0 ? ", upper half shared with " + c.agreeing() + " other(s)" : "",
                        c.selfReference() ? ", refers to itself" : ""));
            }
        }
        if (s.candidates().isEmpty()) {
            sb.append("  no candidates\n");
        }
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(": ").append(value).append('\n');
    }
}
