package org.ptdesc.compiler.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.source.Diagnostics;

/**
 * Property tests on random buildable descriptors ({@link RandomDescriptors}): each compiles
 * cleanly, including the proof of its encodings ({@code sets} makes the compiler derive them),
 * yields a mapper without a diagnostic, builds random mapping sets that walk back exactly with
 * unmaps and protects that split superpages and free tables (both engines), and the two engines
 * agree byte for byte on random operations.
 */
class RandomDescriptorsTest {

    static final int DESCRIPTORS = Integer.getInteger("ptdesc.mapper.descriptors", 30);

    @TestFactory
    Stream<DynamicTest> randomDescriptors() {
        return IntStream.range(0, DESCRIPTORS).mapToObj(i -> DynamicTest.dynamicTest("descriptor " + i, () -> {
            String text = RandomDescriptors.descriptor(0x5eed_0000L + i);
            Compilation c = Ptdesc.compile("random" + i + ".ptdesc", text, Map.of());
            assertFalse(c.hasErrors(), () -> c.renderDiagnostics() + "\n" + text);
            Diagnostics d = new Diagnostics();
            MapperIr m = EncodingDerivation.derive(c.trees().getFirst(), d).orElse(null);
            assertEquals(List.of(), d.all(), text);
            try {
                for (var engine : MapperEngines.all().values()) {
                    MapperRoundTripTest.roundTrip(m, engine.apply(m), i, 1);
                }
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + text + "\n" + m, e);
            }
            MapperDifferentialTest.compare(m, i, 100, false);
        }));
    }
}
