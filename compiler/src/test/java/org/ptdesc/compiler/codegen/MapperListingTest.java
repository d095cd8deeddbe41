package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;
import org.ptdesc.compiler.Mappers;
import org.ptdesc.compiler.encode.MapperIr;

/**
 * The readable listing of the mapper generated for {@code samples/descriptors/x86_64.ptdesc} is
 * kept as a golden file, {@code src/test/resources/codegen/x86_64.mapper.listing}, so that every
 * change to the mapper generator (or to the descriptor's encodings) shows up as a reviewable
 * diff. Regenerate as {@link ListingTest} says, with {@code -Dtest=MapperListingTest}.
 */
class MapperListingTest {

    @Test
    void listingMatchesGoldenFile() throws IOException {
        MapperIr m = Mappers.mapperIr(Path.of("../samples/descriptors/x86_64.ptdesc"), "x86_64", Map.of());
        StringWriter out = new StringWriter();
        new ClassReader(MapperGenerator.generate(m, MapperGenerator.defaultClassName(m.tree())))
                .accept(new TraceClassVisitor(new PrintWriter(out)), 0);
        String actual = out.toString();
        if (Boolean.getBoolean(ListingTest.REGENERATE)) {
            Path file = Path.of("src/test/resources/codegen/x86_64.mapper.listing");
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = MapperListingTest.class.getResourceAsStream("/codegen/x86_64.mapper.listing")) {
            assertNotNull(in, "no golden mapper listing; run with -D" + ListingTest.REGENERATE + "=true");
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual,
                    "generated mapper changed; if intended, regenerate with -D" + ListingTest.REGENERATE
                            + "=true and review the diff");
        }
    }
}
