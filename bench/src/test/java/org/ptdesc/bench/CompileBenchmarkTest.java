package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The compile benchmark's operation works on every shipped descriptor, so a run cannot die half-way. */
class CompileBenchmarkTest {

    @Test
    void compilesEveryShippedDescriptor() {
        assertTrue(SampleDescriptors.names().contains("x86_64.ptdesc"), SampleDescriptors.names().toString());
        for (String name : SampleDescriptors.names()) {
            CompileBenchmark.compileAndLoad(SampleDescriptors.file(name)); // throws on a diagnostic
        }
        assertFalse(CompileBenchmark.compileAndLoad(SampleDescriptors.file("x86_64.ptdesc")).isEmpty());
    }
}
