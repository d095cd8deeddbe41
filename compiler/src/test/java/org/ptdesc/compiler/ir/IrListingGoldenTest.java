package org.ptdesc.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;

/**
 * The lowered IR of each sample descriptor, as an {@link IrListing}, compared with
 * {@code src/test/resources/ir/NAME.ir}: a change of the lowering shows up as a diff to review.
 * Regenerate with {@code -Dptdesc.regenerate=true} (see {@code DiagnosticGoldenTest}) and read
 * the diff before committing.
 */
class IrListingGoldenTest {

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "linus_x86_64", "aarch64_4k"})
    void sampleListing(String name) throws IOException {
        Compilation c = Ptdesc.compile(Path.of("../samples/descriptors/" + name + ".ptdesc"), Map.of());
        assertEquals("", c.renderDiagnostics());
        StringBuilder listing = new StringBuilder();
        c.trees().forEach(t -> listing.append(IrListing.of(t)));
        Path expected = Path.of("src/test/resources/ir/" + name + ".ir");
        if (Boolean.getBoolean("ptdesc.regenerate")) {
            Files.createDirectories(expected.getParent());
            Files.writeString(expected, listing, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), listing.toString());
    }
}
