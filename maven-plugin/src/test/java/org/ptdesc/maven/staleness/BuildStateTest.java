package org.ptdesc.maven.staleness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildStateTest {

    @TempDir
    Path dir;

    private BuildState sample() {
        DescriptorRecord a = new DescriptorRecord("arch/x86_64.ptdesc", "c0ffee",
                Map.of(dir.resolve("with space/x86_64.ptdesc"), "aa", dir.resolve("common.ptdesc"), "bb"),
                List.of("org.ptdesc.walkers.X86_64Walker", "org.ptdesc.walkers.Other"),
                new TreeSet<>(List.of("LEVELS", "MAXPHYADDR")));
        DescriptorRecord b = new DescriptorRecord("include-only.ptdesc", "c0ffee", Map.of(dir.resolve("i"), "cc"),
                List.of());
        return new BuildState(Map.of(a.source(), a, b.source(), b));
    }

    @Test
    void storedStateReadsBackEqual() throws IOException {
        BuildState state = sample();
        Path file = dir.resolve("target/ptdesc/compile-state.txt");

        state.store(file);

        LastBuild loaded = BuildState.load(file);
        assertEquals(new LastBuild.Recorded(state), loaded);
        assertEquals(List.of("org.ptdesc.walkers.Other", "org.ptdesc.walkers.X86_64Walker"),
                List.copyOf(loaded.state().walkers()));
        assertEquals(List.of("LEVELS", "MAXPHYADDR"),
                List.copyOf(loaded.state().descriptors().get("arch/x86_64.ptdesc").undeclaredParameters()));
    }

    @Test
    void pairRecordsReadBackApartFromDescriptors() throws IOException {
        DescriptorRecord pair = new DescriptorRecord("x86_64.ptdesc#x86_64 over intel_ept.ptdesc#intel_ept", "beef",
                Map.of(dir.resolve("x86_64.ptdesc"), "aa", dir.resolve("intel_ept.ptdesc"), "dd"),
                List.of("org.ptdesc.walkers.X86_64OverIntel_EptNestedWalker"));
        BuildState state = new BuildState(sample().descriptors(), Map.of(pair.source(), pair));
        Path file = dir.resolve("target/ptdesc/compile-default.state");

        state.store(file);

        assertTrue(Files.readString(file).contains("\npair x86_64.ptdesc#x86_64 over intel_ept.ptdesc#intel_ept\n"
                + "  configuration beef\n"));
        BuildState loaded = BuildState.load(file).state();
        assertEquals(state, loaded);
        assertEquals(List.of("org.ptdesc.walkers.Other", "org.ptdesc.walkers.X86_64Walker"), List.copyOf(loaded.walkers()));
        assertEquals(List.of("org.ptdesc.walkers.X86_64OverIntel_EptNestedWalker"), List.copyOf(loaded.pairClasses()));
        assertEquals(3, loaded.classes().size());
    }

    @Test
    void missingFileIsNoLastBuild() {
        assertEquals(new LastBuild.None(), BuildState.load(dir.resolve("nothing-here")));
    }

    @Test
    void emptyStateIsRecordedNotDamaged() throws IOException {
        Path file = dir.resolve("empty.state");
        BuildState.empty().store(file);

        assertEquals(new LastBuild.Recorded(BuildState.empty()), BuildState.load(file));
    }

    @Test
    void foreignMalformedTruncatedOrBinaryFileIsDamaged() throws IOException {
        Path stored = dir.resolve("stored.state");
        sample().store(stored);
        String good = Files.readString(stored);
        Map<String, byte[]> damaged = Map.of(
                "foreign", "some other tool's state\n".getBytes(),
                "empty", new byte[0],
                "older format", good.replace("ptdesc-state 2", "ptdesc-state 1").getBytes(),
                "unknown line", good.replace("  walker org.ptdesc.walkers.Other\n", "  frobnicate 12\n").getBytes(),
                // Cut inside the first record: it would otherwise read as a state without b's record.
                "truncated", good.substring(0, good.indexOf("  walker ")).getBytes(),
                "path in a walker line", good.replace("org.ptdesc.walkers.Other", "../../../etc/passwd").getBytes(),
                "not UTF-8", new byte[] {'p', 't', (byte) 0xff, (byte) 0xfe, '\n'});
        for (Map.Entry<String, byte[]> e : damaged.entrySet()) {
            Path file = dir.resolve(e.getKey().replace(' ', '-') + ".state");
            Files.write(file, e.getValue());

            LastBuild loaded = BuildState.load(file);

            assertInstanceOf(LastBuild.Damaged.class, loaded, e.getKey());
            assertTrue(loaded.state().descriptors().isEmpty(), e.getKey());
        }
    }
}
