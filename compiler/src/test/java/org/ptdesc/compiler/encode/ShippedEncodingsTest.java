package org.ptdesc.compiler.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostics;

/** Every tree of every shipped descriptor has encodings for every level it can map through. */
class ShippedEncodingsTest {

    static final Path SAMPLES = Path.of("../samples/descriptors");

    static List<Path> descriptors() throws IOException {
        try (Stream<Path> s = Files.list(SAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".ptdesc")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyShippedTreeIsBuildable() throws IOException {
        return descriptors().stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Compilation c = Ptdesc.compile(p, Map.of());
            assertEquals("", c.renderDiagnostics());
            for (WalkerIr ir : c.trees()) {
                Diagnostics d = new Diagnostics();
                MapperIr m = EncodingDerivation.derive(ir, d).orElse(null);
                assertEquals(List.of(), d.all(), ir.name());
                assertTrue(m != null, ir.name());
                assertTrue(m.levels().stream().anyMatch(l -> l.leaf() != null), ir.name());
            }
        }));
    }
}
