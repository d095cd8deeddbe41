package org.ptdesc.compiler.codegen;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;
import org.ptdesc.compiler.GoldenFile;
import org.ptdesc.compiler.Mappers;
import org.ptdesc.compiler.encode.MapperIr;

/**
 * The readable listing of the mapper generated for {@code samples/descriptors/x86_64.ptdesc} is
 * kept as a golden file, {@code src/test/resources/codegen/x86_64.mapper.listing}, so that every
 * change to the mapper generator (or to the descriptor's encodings) shows up as a reviewable
 * diff. The test only compares; {@link org.ptdesc.compiler.RegenerateGoldenFiles} rewrites it.
 */
public class MapperListingTest {

    /** The mapper listing as a golden file. */
    public static List<GoldenFile> goldenFiles() {
        return List.of(new GoldenFile(Path.of("src/test/resources/codegen/x86_64.mapper.listing"), MapperListingTest::listing));
    }

    static String listing() {
        MapperIr m = Mappers.mapperIr(Path.of("../samples/descriptors/x86_64.ptdesc"), "x86_64", Map.of());
        StringWriter out = new StringWriter();
        new ClassReader(MapperGenerator.generate(m, MapperGenerator.defaultClassName(m.tree())))
                .accept(new TraceClassVisitor(new PrintWriter(out)), 0);
        return out.toString();
    }

    @Test
    void listingMatchesGoldenFile() {
        goldenFiles().getFirst().assertMatches();
    }
}
