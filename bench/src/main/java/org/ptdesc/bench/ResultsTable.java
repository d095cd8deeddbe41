package org.ptdesc.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JMH JSON result file ({@code -rf json}) of {@link WalkerBenchmark} and
 * the compile-time benchmark into the Markdown tables of {@code bench/RESULTS.md}: time per
 * operation for each engine side by side with the ratios the quality bars are about
 * (generated / hand-written, generic / generated), with the best iteration in parentheses
 * beside each mean (on a shared, loaded machine the best iteration is the steadier figure), and the allocation per operation measured
 * by {@code -prof gc}. Run as
 * {@code java -cp bench/target/benchmarks.jar org.ptdesc.bench.ResultsTable results.json}.
 */
public final class ResultsTable {

    private static final List<Engine> ENGINES = List.of(Engine.values());

    /** One measured metric: the benchmark method (and secondary metric), its parameters and its scores. */
    record Row(String method, String metric, Map<String, String> params, double score, double error, double best, String unit) {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ResultsTable results.json");
            System.exit(2);
        }
        System.out.print(render(parse(Files.readString(Path.of(args[0])))));
    }

    /** Reads JMH's JSON result file: one row per primary and per secondary metric. */
    static List<Row> parse(String json) {
        List<Row> rows = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(json)) {
            Map<?, ?> run = (Map<?, ?>) o;
            String name = (String) run.get("benchmark");
            String method = name.substring(name.lastIndexOf('.') + 1);
            Map<String, String> params = new LinkedHashMap<>();
            if (run.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put((String) k, (String) v));
            }
            rows.add(row(method, "", params, (Map<?, ?>) run.get("primaryMetric")));
            if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
                secondary.forEach((k, v) -> rows.add(row(method, (String) k, params, (Map<?, ?>) v)));
            }
        }
        return rows;
    }

    private static Row row(String method, String metric, Map<String, String> params, Map<?, ?> m) {
        double best = m.get("scorePercentiles") instanceof Map<?, ?> pct ? number(pct.get("0.0")) : Double.NaN;
        return new Row(method, metric, params, number(m.get("score")), number(m.get("scoreError")), best,
                (String) m.get("scoreUnit"));
    }

    /** The Markdown tables. */
    static String render(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (String method : List.of("translate", "walkLowerHalf")) {
            if (rows.stream().noneMatch(r -> r.method().equals(method) && r.metric().isEmpty())) {
                continue;
            }
            String unit = rows.stream().filter(r -> r.method().equals(method) && r.metric().isEmpty())
                    .findFirst().orElseThrow().unit();
            out.append("\n#### ").append(method).append(" (").append(unit).append(", lower is better)\n\n");
            out.append("| tree |");
            ENGINES.forEach(e -> out.append(' ').append(label(e)).append(" |"));
            out.append(" generated / hand-written | generic / generated |\n|---|");
            ENGINES.forEach(e -> out.append("---:|"));
            out.append("---:|---:|\n");
            for (String tree : values(rows, method, "tree")) {
                out.append("| ").append(tree).append(" |");
                for (Engine e : ENGINES) {
                    Row r = find(rows, method, "", e, tree);
                    out.append(' ').append(cell(r)).append(" |");
                }
                out.append(' ').append(ratio(find(rows, method, "", Engine.GENERATED, tree), find(rows, method, "", Engine.HAND_WRITTEN, tree)))
                        .append(" | ").append(ratio(find(rows, method, "", Engine.GENERIC, tree), find(rows, method, "", Engine.GENERATED, tree)))
                        .append(" |\n");
            }
        }
        if (rows.stream().anyMatch(r -> r.metric().equals("gc.alloc.rate.norm") && r.params().containsKey("engine"))) {
            out.append("\n#### Allocation (gc.alloc.rate.norm, bytes per operation)\n\n| operation | tree |");
            ENGINES.forEach(e -> out.append(' ').append(label(e)).append(" |"));
            out.append("\n|---|---|");
            ENGINES.forEach(e -> out.append("---:|"));
            out.append('\n');
            for (String method : List.of("translate", "walkLowerHalf")) {
                for (String tree : values(rows, method, "tree")) {
                    out.append("| ").append(method).append(" | ").append(tree).append(" |");
                    for (Engine e : ENGINES) {
                        Row r = find(rows, method, "gc.alloc.rate.norm", e, tree);
                        out.append(' ').append(r == null ? "-" : fmt(r.score())).append(" |");
                    }
                    out.append('\n');
                }
            }
        }
        List<Row> readPath = rows.stream()
                .filter(r -> r.method().equals("translateThroughPhysicalMemory") && r.metric().isEmpty()).toList();
        if (!readPath.isEmpty()) {
            out.append("\n#### Read path (translate, ns/op): hand-written code reading through PhysicalMemory\n\n")
                    .append("| tree | hand-written (segment) | hand-written (PhysicalMemory) | generated |")
                    .append(" PhysicalMemory / segment | generated / hand-written (PhysicalMemory) |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            for (Row r : readPath) {
                String tree = r.params().get("tree");
                Row hand = find(rows, "translate", "", Engine.HAND_WRITTEN, tree);
                Row generated = find(rows, "translate", "", Engine.GENERATED, tree);
                out.append("| ").append(tree).append(" | ").append(cell(hand)).append(" | ").append(cell(r)).append(" | ")
                        .append(cell(generated)).append(" | ").append(ratio(r, hand)).append(" | ")
                        .append(ratio(generated, r)).append(" |\n");
            }
        }
        List<Row> compile = rows.stream().filter(r -> r.method().equals("compileAndLoad") && r.metric().isEmpty()).toList();
        if (!compile.isEmpty()) {
            out.append("\n#### Compile time, parse to loaded class (").append(compile.getFirst().unit())
                    .append(")\n\n| descriptor | time | allocated (B/op) |\n|---|---:|---:|\n");
            for (Row r : compile) {
                Row alloc = rows.stream().filter(a -> a.method().equals("compileAndLoad") && a.metric().equals("gc.alloc.rate.norm")
                        && a.params().equals(r.params())).findFirst().orElse(null);
                out.append("| ").append(r.params().getOrDefault("descriptor", "?")).append(" | ")
                        .append(fmt(r.score())).append(" ± ").append(fmt(r.error())).append(" (").append(fmt(r.best())).append(") | ")
                        .append(alloc == null ? "-" : fmt(alloc.score())).append(" |\n");
            }
        }
        return out.toString();
    }

    private static String cell(Row r) {
        return r == null ? "-" : fmt(r.score()) + " ± " + fmt(r.error()) + " (" + fmt(r.best()) + ")";
    }

    private static String label(Engine e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Set<String> values(List<Row> rows, String method, String param) {
        Set<String> out = new LinkedHashSet<>();
        rows.stream().filter(r -> r.method().equals(method) && r.params().containsKey(param)).forEach(r -> out.add(r.params().get(param)));
        return out;
    }

    private static Row find(List<Row> rows, String method, String metric, Engine engine, String tree) {
        return rows.stream().filter(r -> r.method().equals(method) && r.metric().equals(metric)
                && engine.name().equals(r.params().get("engine")) && tree.equals(r.params().get("tree")))
                .findFirst().orElse(null);
    }

    /** Ratio of the means, and in parentheses of the best iterations (steadier on a loaded machine). */
    private static String ratio(Row a, Row b) {
        return a == null || b == null ? "-"
                : String.format(Locale.ROOT, "%.2f (%.2f)", a.score() / b.score(), a.best() / b.best());
    }

    private static String fmt(double x) {
        if (Double.isNaN(x)) {
            return "?";
        }
        double abs = Math.abs(x);
        return String.format(Locale.ROOT, abs >= 100 ? "%.0f" : abs >= 10 ? "%.1f" : abs >= 0.1 ? "%.2f" : "%.3f", x);
    }

    private static double number(Object o) {
        return o instanceof Double d ? d : o instanceof String str && !str.equals("NaN") ? Double.parseDouble(str) : Double.NaN;
    }

    private ResultsTable() {}
}
