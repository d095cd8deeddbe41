package org.ptdesc.compiler.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.GoldenFile;
import org.ptdesc.compiler.Ptdesc;

/**
 * The lowered IR of each sample descriptor, as an {@link IrListing}, compared with
 * {@code src/test/resources/ir/NAME.ir}: a change of the lowering shows up as a diff to review.
 * The test only compares; {@link org.ptdesc.compiler.RegenerateGoldenFiles} rewrites the files.
 */
public class IrListingGoldenTest {

    static final List<String> SAMPLES = List.of("x86_64", "linus_x86_64", "aarch64_4k");

    /** One listing per sample descriptor, of every tree it declares. */
    public static List<GoldenFile> goldenFiles() {
        return SAMPLES.stream().map(name -> new GoldenFile(Path.of("src/test/resources/ir/" + name + ".ir"), () -> listing(name)))
                .toList();
    }

    static String listing(String name) {
        Compilation c = Ptdesc.compile(Path.of("../samples/descriptors/" + name + ".ptdesc"), Map.of());
        assertEquals("", c.renderDiagnostics());
        StringBuilder listing = new StringBuilder();
        c.trees().forEach(t -> listing.append(IrListing.of(t)));
        return listing.toString();
    }

    static List<GoldenFile> cases() {
        return goldenFiles();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sampleListing(GoldenFile golden) {
        golden.assertMatches();
    }
}
