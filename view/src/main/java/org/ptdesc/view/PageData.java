package org.ptdesc.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.view.AttributeRoles.Role;

/**
 * The data a page embeds: a JSON document (the tree, attribute sets, leaf classes, rules, the
 * collapsed scale, faults, warnings, the difference, and the walk's own counts for the page to
 * check itself against) and, per walk, the leaf runs, holes and tables as compact text lines
 * ({@link WalkText}), which make up nearly all of a large page. A leaf's entry is its class's
 * entry bits XOR its physical address.
 */
final class PageData {
    private final Picture picture;
    private final TreeInfo info;
    private final AttributeRoles roles;
    private final Map<List<Long>, Integer> classes = new LinkedHashMap<>();
    private final Map<Long, Integer> attributeSets = new LinkedHashMap<>();
    private final String runsFirst;
    private final String runsSecond;
    private final CollapsedScale scale;

    PageData(Picture picture) {
        this.picture = picture;
        this.info = picture.walk().info();
        this.roles = AttributeRoles.of(info);
        this.runsFirst = encodeRuns(picture.walk().runs());
        this.runsSecond = picture.compared() == null ? "" : encodeRuns(picture.compared().runs());
        this.scale = scale();
    }

    String runsFirst() {
        return runsFirst;
    }

    String runsSecond() {
        return runsSecond;
    }

    CollapsedScale collapsedScale() {
        return scale;
    }

    private String encodeRuns(List<LeafRun> runs) {
        return WalkText.runs(runs, r -> {
            int attrs = attributeSets.computeIfAbsent(r.attributes(), k -> attributeSets.size());
            List<Long> key = List.of((long) r.level(), r.pageSize(), (long) attrs, r.entryFlags(), (long) r.rule());
            return classes.computeIfAbsent(key, k -> classes.size());
        });
    }

    /** The holes of the first walk ({@code index} 0) or the compared one (1), as {@link WalkText} lines. */
    String holes(int index) {
        CapturedWalk w = index == 0 ? picture.walk() : picture.compared();
        return w == null ? "" : WalkText.holes(w.holes(), info);
    }

    /** The tables of the first walk ({@code index} 0) or the compared one (1), as {@link WalkText} lines. */
    String tables(int index) {
        CapturedWalk w = index == 0 ? picture.walk() : picture.compared();
        return w == null ? "" : WalkText.tables(w.tables(), info);
    }

    private CollapsedScale scale() {
        List<long[]> populated = new ArrayList<>();
        long unit = Long.MAX_VALUE;
        for (CapturedWalk w : walks()) {
            for (LeafRun r : w.runs()) {
                populated.add(new long[] {r.va(), r.last()});
                unit = Math.min(unit, r.pageSize());
            }
            for (Fault f : w.faults()) {
                populated.add(new long[] {f.first(), f.last()});
            }
        }
        List<TreeInfo.LevelInfo> levels = info.levels();
        long lowest = levels.getLast().entrySpan();
        if (unit == Long.MAX_VALUE || unit <= 0) {
            unit = lowest;
        }
        // An empty stretch collapses when it could hold a whole lowest-level table.
        long minGap = levels.size() >= 2 ? levels.get(levels.size() - 2).entrySpan() : lowest << 4;
        CapturedWalk w = picture.walk();
        return CollapsedScale.of(w.first(), w.last(), populated, minGap, unit);
    }

    private List<CapturedWalk> walks() {
        return picture.compared() == null ? List.of(picture.walk()) : List.of(picture.walk(), picture.compared());
    }

    /** The JSON document. */
    String json() {
        StringBuilder sb = new StringBuilder(1 << 16);
        JsonText j = new JsonText(sb);
        j.beginObject();
        j.name("title").value(picture.title());
        tree(j);
        j.name("attributeSets").beginArray();
        for (long packed : attributeSets.keySet()) {
            j.beginObject().name("packed").hex(packed).name("text").value(info.describeAttributes(packed));
            for (Role role : Role.values()) {
                j.name(role.name().toLowerCase(java.util.Locale.ROOT));
                if (roles.known(role)) {
                    j.value(roles.has(role, packed));
                } else {
                    j.value((String) null);
                }
            }
            j.endObject();
        }
        j.endArray();
        j.name("classes").beginArray();
        for (List<Long> key : classes.keySet()) {
            j.beginArray().value(key.get(0)).hex(key.get(1)).value(key.get(2)).hex(key.get(3)).value(key.get(4))
                    .endArray();
        }
        j.endArray();
        j.name("rules").beginArray();
        for (RuleBook.RuleText r : picture.rules().rules()) {
            j.beginObject().name("level").value(r.level()).name("kind").value(r.kind()).name("where").value(r.where())
                    .name("text").value(r.text()).endObject();
        }
        j.endArray();
        j.name("segments").beginArray();
        for (CollapsedScale.Segment s : scale.segments()) {
            j.beginArray().hex(s.first()).hex(s.last()).value(s.x()).value(s.width()).value(s.collapsed()).endArray();
        }
        j.endArray();
        j.name("walks").beginArray();
        walk(j, picture.walk(), picture.label());
        if (picture.compared() != null) {
            walk(j, picture.compared(), picture.comparedLabel());
        }
        j.endArray();
        if (picture.compared() != null) {
            j.name("diff").beginArray();
            for (WalkDiff.Difference d : WalkDiff.of(picture.walk().runs(), picture.compared().runs())) {
                j.beginArray().hex(d.first()).hex(d.last()).value(d.kind().name()).hex(d.paFirst()).hex(d.paSecond())
                        .value(d.kind() == WalkDiff.Kind.ONLY_SECOND ? "" : info.describeAttributes(d.attributesFirst()))
                        .value(d.kind() == WalkDiff.Kind.ONLY_FIRST ? "" : info.describeAttributes(d.attributesSecond()))
                        .endArray();
            }
            j.endArray();
        }
        j.endObject();
        return sb.toString();
    }

    private void tree(JsonText j) {
        j.name("tree").beginObject().name("name").value(info.name()).name("doc").value(info.doc())
                .name("source").value(info.sourceFile()).name("addressBits").value(info.addressBits());
        j.name("levels").beginArray();
        for (TreeInfo.LevelInfo l : info.levels()) {
            j.beginObject().name("name").value(l.name()).name("shift").value(l.shift()).name("bits").value(l.bits())
                    .name("doc").value(l.doc()).endObject();
        }
        j.endArray();
        j.name("attributes").beginArray();
        for (TreeInfo.AttributeInfo a : info.attributes()) {
            j.beginObject().name("name").value(a.name()).name("operator").value(a.operator()).name("bool")
                    .value(a.bool()).name("doc").value(a.doc());
            AttributeRoles.Player p = roles.players().stream().filter(x -> x.attribute().name().equals(a.name()))
                    .findFirst().orElse(null);
            j.name("role").value(p == null ? null : p.role().name().toLowerCase(java.util.Locale.ROOT));
            j.name("inverted").value(p != null && p.inverted());
            j.endObject();
        }
        j.endArray();
        j.endObject();
    }

    private void walk(JsonText j, CapturedWalk w, String label) {
        j.beginObject().name("label").value(label).name("first").hex(w.first()).name("last").hex(w.last());
        j.name("leafCount").value(w.leafCount());
        long bytes = 0;
        for (LeafRun r : w.runs()) {
            bytes += r.pageSize() * r.pages();
        }
        j.name("bytes").hex(bytes);
        j.name("faults").beginArray();
        for (Fault f : w.faults()) {
            j.beginArray().hex(f.first()).hex(f.last()).value(f.level()).hex(f.entry()).value(f.kind().name())
                    .value(f.message())
                    .value(f.kind() == org.ptdesc.runtime.Failure.FAULT ? picture.rules().match(f.level(), f.entry(), f.first()) : -1)
                    .endArray();
        }
        j.endArray();
        j.name("warnings").beginArray();
        for (Warning warning : Warnings.of(w, roles)) {
            j.beginObject().name("kind").value(warning.kind().name()).name("text").value(warning.text());
            j.name("ranges").beginArray();
            for (long[] r : warning.ranges()) {
                j.beginArray().hex(r[0]).hex(r[1]).endArray();
            }
            j.endArray().endObject();
        }
        j.endArray();
        j.endObject();
    }
}
