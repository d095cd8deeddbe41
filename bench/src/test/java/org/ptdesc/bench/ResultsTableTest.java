package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The results tables carry each engine's score and the two ratios the quality bars are about. */
class ResultsTableTest {

    private static final List<String> CSV = List.of(
            "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: engine\",\"Param: tree\"",
            "\"org.ptdesc.bench.WalkerBenchmark.translate\",\"avgt\",1,5,11.000000,0.500000,\"ns/op\",GENERATED,small",
            "\"org.ptdesc.bench.WalkerBenchmark.translate\",\"avgt\",1,5,10.000000,0.400000,\"ns/op\",HAND_WRITTEN,small",
            "\"org.ptdesc.bench.WalkerBenchmark.translate\",\"avgt\",1,5,44.000000,2.000000,\"ns/op\",GENERIC,small",
            "\"org.ptdesc.bench.WalkerBenchmark.translate:gc.alloc.rate.norm\",\"avgt\",1,5,0.000500,NaN,\"B/op\",GENERATED,small");

    @Test
    void rendersScoresRatiosAndAllocation() {
        String md = ResultsTable.render(ResultsTable.parse(CSV));
        assertTrue(md.contains("| small | 11.0 ± 0.50 | 10.0 ± 0.40 | 44.0 ± 2.00 | - | 1.10 | 4.00 |"), md);
        assertTrue(md.contains("| translate | small | 0.001 | - | - | - |"), md);
    }
}
