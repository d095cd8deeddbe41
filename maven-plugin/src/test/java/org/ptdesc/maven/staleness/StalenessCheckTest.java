package org.ptdesc.maven.staleness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalenessCheckTest {

    @TempDir
    Path dir;

    Path src;
    Path out;
    Path descriptor;
    Path include;
    BuildState state;

    @BeforeEach
    void lastBuild() throws IOException {
        src = Files.createDirectories(dir.resolve("src"));
        out = Files.createDirectories(dir.resolve("classes"));
        descriptor = Files.writeString(src.resolve("a.ptdesc"), "include \"common.ptdesc\";\ntree a {}\n");
        include = Files.writeString(src.resolve("common.ptdesc"), "format f {}\n");
        Files.createDirectories(out.resolve("p"));
        Files.write(out.resolve("p/AWalker.class"), new byte[] {1});
        DescriptorRecord a = new DescriptorRecord("a.ptdesc", "cfg",
                Map.of(descriptor, Sha256.ofFile(descriptor), include, Sha256.ofFile(include)), List.of("p.AWalker"));
        state = new BuildState(Map.of("a.ptdesc", a));
    }

    private Verdict only(StalenessCheck.Plan plan) {
        assertEquals(1, plan.verdicts().size());
        return plan.verdicts().getFirst();
    }

    @Test
    void unchangedDescriptorIsUpToDate() throws IOException {
        StalenessCheck.Plan plan = StalenessCheck.plan(state, List.of("a.ptdesc"), s -> "cfg", out);

        assertInstanceOf(Verdict.UpToDate.class, only(plan));
        assertTrue(plan.nothingToDo());
    }

    @Test
    void newerTimestampWithSameContentIsUpToDate() throws IOException {
        Files.setLastModifiedTime(descriptor, FileTime.fromMillis(System.currentTimeMillis() + 60_000));

        assertInstanceOf(Verdict.UpToDate.class, only(StalenessCheck.plan(state, List.of("a.ptdesc"), s -> "cfg", out)));
    }

    @Test
    void changedIncludeMakesTheIncludingDescriptorStale() throws IOException {
        Files.writeString(include, "format f { flag P [0]; }\n");

        Verdict.Stale stale = assertInstanceOf(Verdict.Stale.class,
                only(StalenessCheck.plan(state, List.of("a.ptdesc"), s -> "cfg", out)));
        assertEquals(Verdict.Reason.INPUT_CHANGED, stale.reason());
        assertEquals(include.toString(), stale.detail());
        assertEquals(List.of("p.AWalker"), stale.previous().orElseThrow().walkers());
    }

    @Test
    void deletedIncludeMakesTheIncludingDescriptorStale() throws IOException {
        Files.delete(include);

        Verdict.Stale stale = assertInstanceOf(Verdict.Stale.class,
                only(StalenessCheck.plan(state, List.of("a.ptdesc"), s -> "cfg", out)));
        assertEquals(Verdict.Reason.INPUT_CHANGED, stale.reason());
    }

    @Test
    void otherConfigurationMakesItStale() throws IOException {
        Verdict.Stale stale = assertInstanceOf(Verdict.Stale.class,
                only(StalenessCheck.plan(state, List.of("a.ptdesc"), s -> "other", out)));
        assertEquals(Verdict.Reason.CONFIGURATION_CHANGED, stale.reason());
    }

    @Test
    void missingClassFileMakesItStale() throws IOException {
        Files.delete(out.resolve("p/AWalker.class"));

        Verdict.Stale stale = assertInstanceOf(Verdict.Stale.class,
                only(StalenessCheck.plan(state, List.of("a.ptdesc"), s -> "cfg", out)));
        assertEquals(Verdict.Reason.OUTPUT_MISSING, stale.reason());
    }

    @Test
    void unknownDescriptorIsNewAndVanishedOneIsDeleted() throws IOException {
        StalenessCheck.Plan plan = StalenessCheck.plan(state, List.of("b.ptdesc"), s -> "cfg", out);

        Verdict.Stale stale = assertInstanceOf(Verdict.Stale.class, only(plan));
        assertEquals(Verdict.Reason.NEW, stale.reason());
        assertTrue(stale.previous().isEmpty());
        assertEquals(List.of("a.ptdesc"), plan.deleted().stream().map(DescriptorRecord::source).toList());
    }
}
