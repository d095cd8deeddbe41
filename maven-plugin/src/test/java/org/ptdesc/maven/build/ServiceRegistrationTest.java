package org.ptdesc.maven.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRegistrationTest {

    @TempDir
    Path out;

    private ServiceRegistration registration() {
        return ServiceRegistration.in(out);
    }

    private List<String> lines() throws IOException {
        return Files.readAllLines(out.resolve(ServiceRegistration.PATH));
    }

    private static TreeSet<String> set(String... names) {
        return new TreeSet<>(List.of(names));
    }

    @Test
    void writesOwnedClassesSorted() throws IOException {
        assertTrue(registration().reconcile(Set.of(), set("p.B", "p.A")));

        assertEquals(List.of("p.A", "p.B"), lines());
    }

    @Test
    void keepsForeignLinesAndReplacesOwnedOnes() throws IOException {
        Path file = out.resolve(ServiceRegistration.PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "# hand-written\ncom.example.MyWalker\np.Old\n");

        registration().reconcile(Set.of("p.Old"), set("p.New"));

        assertEquals(List.of("# hand-written", "com.example.MyWalker", "p.New"), lines());
    }

    @Test
    void restoresOwnedLinesAResourceCopyOverwrote() throws IOException {
        registration().reconcile(Set.of(), set("p.A"));
        Files.writeString(out.resolve(ServiceRegistration.PATH), "com.example.MyWalker\n");

        assertTrue(registration().reconcile(Set.of("p.A"), set("p.A")));

        assertEquals(List.of("com.example.MyWalker", "p.A"), lines());
    }

    @Test
    void ownedLinesStayWhereTheyAreAndDuplicatesGo() throws IOException {
        Path file = out.resolve(ServiceRegistration.PATH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "p.B\ncom.example.MyWalker\np.B\n");

        registration().reconcile(Set.of("p.B"), set("p.A", "p.B"));

        assertEquals(List.of("p.B", "com.example.MyWalker", "p.A"), lines());
    }

    @Test
    void unchangedContentIsNotRewritten() throws IOException {
        registration().reconcile(Set.of(), set("p.A"));
        Path file = out.resolve(ServiceRegistration.PATH);
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(file, old);

        assertFalse(registration().reconcile(Set.of("p.A"), set("p.A")));

        assertEquals(old, Files.getLastModifiedTime(file));
    }

    @Test
    void fileWithNothingLeftIsDeleted() throws IOException {
        registration().reconcile(Set.of(), set("p.A"));

        registration().reconcile(Set.of("p.A"), set());

        assertFalse(Files.exists(out.resolve(ServiceRegistration.PATH)));
    }
}
