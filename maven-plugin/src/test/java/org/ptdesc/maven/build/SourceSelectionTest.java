package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceSelectionTest {

    @TempDir
    Path dir;

    private void touch(String path) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
    }

    @Test
    void defaultIncludesEveryDescriptorSortedWithSlashes() throws IOException {
        touch("z.ptdesc");
        touch("arch/x86/a.ptdesc");
        touch("a.ptdesc");
        touch("README.md");

        assertEquals(List.of("a.ptdesc", "arch/x86/a.ptdesc", "z.ptdesc"),
                SourceSelection.of(dir, null, null).scan());
    }

    @Test
    void excludesWinOverIncludes() throws IOException {
        touch("a.ptdesc");
        touch("common/entry.ptdesc");
        touch("b.desc");

        assertEquals(List.of("a.ptdesc", "b.desc"),
                SourceSelection.of(dir, List.of("**/*.ptdesc", "*.desc"), List.of("common/**")).scan());
    }

    @Test
    void missingDirectorySelectsNothing() throws IOException {
        assertEquals(List.of(), SourceSelection.of(dir.resolve("src/main/ptdesc"), List.of(), List.of()).scan());
    }
}
