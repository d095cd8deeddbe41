package org.ptdesc.maven.staleness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {

    @TempDir
    Path dir;

    @Test
    void storedStateReadsBackEqual() throws IOException {
        DescriptorRecord a = new DescriptorRecord("arch/x86_64.ptdesc", "c0ffee",
                Map.of(dir.resolve("with space/x86_64.ptdesc"), "aa", dir.resolve("common.ptdesc"), "bb"),
                List.of("org.ptdesc.walkers.X86_64Walker", "org.ptdesc.walkers.Other"));
        DescriptorRecord b = new DescriptorRecord("include-only.ptdesc", "c0ffee", Map.of(dir.resolve("i"), "cc"),
                List.of());
        BuildState state = new BuildState(Map.of(a.source(), a, b.source(), b));
        Path file = dir.resolve("target/ptdesc/compile-state.txt");

        state.store(file);

        assertEquals(state, BuildState.load(file));
        assertEquals(List.of("org.ptdesc.walkers.Other", "org.ptdesc.walkers.X86_64Walker"),
                List.copyOf(BuildState.load(file).walkers()));
    }

    @Test
    void missingFileIsEmptyState() throws IOException {
        assertTrue(BuildState.load(dir.resolve("nothing-here")).descriptors().isEmpty());
    }

    @Test
    void foreignOrDamagedFileIsEmptyState() throws IOException {
        Path foreign = dir.resolve("foreign");
        Files.writeString(foreign, "some other tool's state\n");
        Path damaged = dir.resolve("damaged");
        Files.writeString(damaged, "ptdesc-state 1\ndescriptor a.ptdesc\n  frobnicate 12\n");

        assertTrue(BuildState.load(foreign).descriptors().isEmpty());
        assertTrue(BuildState.load(damaged).descriptors().isEmpty());
    }
}
