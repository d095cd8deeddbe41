package org.ptdesc.cli;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.roots.RootScan;
import org.ptdesc.view.JsonText;

/**
 * {@code ptdesc info --format json}: the same facts as the text, as one JSON object;
 * addresses and register values are {@code "0x..."} strings, counts are numbers.
 */
final class InfoJson {
    private InfoJson() {}

    static String render(InfoReport r, int scanTop) {
        JsonText j = new JsonText().beginObject();
        j.field("image", r.image()).field("format", r.format()).field("description", r.description());
        j.name("ranges").beginArray();
        for (var range : r.ranges()) {
            j.beginObject().field("start", HexConverter.hex(range.start())).field("length", HexConverter.hex(range.length())).endObject();
        }
        j.endArray();
        j.field("totalBytes", HexConverter.hex(r.totalBytes()));
        long[] gap = r.largestGap();
        j.name("largestGap");
        if (gap == null) {
            j.value((String) null);
        } else {
            j.beginObject().field("start", HexConverter.hex(gap[0])).field("length", HexConverter.hex(gap[1])).endObject();
        }
        j.name("cpus").beginArray();
        for (CpuState c : r.cpus()) {
            j.beginObject().field("index", c.index()).field("source", c.source()).name("registers").beginObject();
            for (var e : new TreeMap<>(c.registers()).entrySet()) {
                j.field(e.getKey(), HexConverter.hex(e.getValue()));
            }
            j.endObject().endObject();
        }
        j.endArray();
        j.name("vmcoreinfo").beginObject();
        for (Map.Entry<String, String> e : r.vmcoreinfo().entrySet()) {
            j.field(e.getKey(), e.getValue());
        }
        j.endObject();
        if (r.tree() != null) {
            tree(j.name("tree"), r.tree(), scanTop);
        }
        return j.endObject().toString() + "\n";
    }

    private static void tree(JsonText j, InfoReport.TreeReport t, int scanTop) {
        j.beginObject().field("name", t.name()).field("descriptor", t.descriptor());
        strings(j.name("warnings"), t.warnings());
        j.field("rootsFound", t.found()).field("rootSource", t.rootSource());
        strings(j.name("rootDetails"), t.rootDetails());
        j.name("walks").beginArray();
        for (InfoReport.RootWalk w : t.walks()) {
            j.beginObject().field("register", w.register());
            j.name("value");
            if (w.value() == null) {
                j.value((String) null).field("why", w.why());
            } else {
                j.value(HexConverter.hex(w.value())).field("source", w.why()).field("leaves", w.leaves()).field("mappedBytes", HexConverter.hex(w.mappedBytes()))
                        .field("faults", w.faults());
                j.name("pageSizes").beginObject();
                for (var e : w.pageSizes().entrySet()) {
                    j.field(HexConverter.hex(e.getKey()), e.getValue());
                }
                j.endObject();
            }
            j.endObject();
        }
        j.endArray();
        if (t.scan() != null) {
            scan(j.name("scan"), t.scan(), scanTop);
        }
        j.endObject();
    }

    private static void scan(JsonText j, RootScan.ScanReport s, int top) {
        j.beginObject().field("heuristic", true).field("pagesScanned", s.pagesScanned())
                .field("topTablesPassed", s.topTablesPassed()).field("walked", s.walked())
                .field("milliseconds", s.nanos() / 1_000_000);
        strings(j.name("notes"), s.notes());
        j.name("candidates").beginArray();
        Map<String, Integer> shown = new java.util.HashMap<>();
        for (RootScan.Candidate c : s.candidates()) {
            if (shown.merge(c.root(), 1, Integer::sum) > top) {
                continue;
            }
            j.beginObject().field("root", c.root()).field("table", HexConverter.hex(c.table())).field("register", HexConverter.hex(c.register()))
                    .field("mappedBytes", HexConverter.hex(c.mappedBytes())).field("leaves", c.leaves()).field("tables", c.populatedTables()).field("faults", c.faults())
                    .field("truncated", c.truncated()).field("agreeing", c.agreeing())
                    .field("selfReference", c.selfReference()).endObject();
        }
        j.endArray().endObject();
    }

    private static void strings(JsonText j, List<String> values) {
        j.beginArray();
        values.forEach(j::value);
        j.endArray();
    }
}
