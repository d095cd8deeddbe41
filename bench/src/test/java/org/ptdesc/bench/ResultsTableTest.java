package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The results tables carry each engine's score and the two ratios the quality bars are about. */
class ResultsTableTest {

    private static String run(String engine, double score, double error, double best, String alloc) {
        return """
            {"benchmark": "org.ptdesc.bench.WalkerBenchmark.translate", "mode": "avgt",
             "params": {"engine": "%s", "tree": "small"},
             "primaryMetric": {"score": %s, "scoreError": %s, "scorePercentiles": {"0.0": %s, "50.0": 1.0},
                               "scoreUnit": "ns/op", "rawData": [[1.0, 2.0]]},
             "secondaryMetrics": {%s}}
            """.formatted(engine, score, error, best, alloc);
    }

    private static final String JSON = "[" + String.join(",",
            run("GENERATED", 11, 0.5, 10.5, "\"gc.alloc.rate.norm\": {\"score\": 0.0005, \"scoreError\": \"NaN\", \"scoreUnit\": \"B/op\"}"),
            run("HAND_WRITTEN", 10, 0.4, 10.5, ""),
            run("GENERIC", 44, 2, 21, "")) + "]";

    @Test
    void rendersScoresRatiosAndAllocation() {
        String md = ResultsTable.render(ResultsTable.parse(JSON));
        assertTrue(md.contains("| small | 11.0 ± 0.50 (10.5) | 10.0 ± 0.40 (10.5) | 44.0 ± 2.00 (21.0) | - | 1.10 (1.00) | 4.00 (2.00) |"), md);
        assertTrue(md.contains("| translate | small | 0.001 | - | - | - |"), md);
    }

    @Test
    void readsJson() {
        assertEquals(List.of(Map.of("a", "x\"y"), 1.5, -2e3, true, false), Json.parse(" [{\"a\": \"x\\\"y\"}, 1.5, -2e3, true, false] "));
    }
}
