package org.ptdesc.compiler.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one writer of the walkers' service file: what it keeps, adds, drops and leaves alone. */
class ServiceFileTest {

    @TempDir
    Path out;

    private List<String> lines() throws IOException {
        return Files.readAllLines(out.resolve(ServiceFile.PATH));
    }

    @Test
    void appendsInTheGivenOrderAndKeepsForeignLines() throws IOException {
        Files.createDirectories(out.resolve(ServiceFile.PATH).getParent());
        Files.writeString(out.resolve(ServiceFile.PATH), "# mine\ncom.example.MyWalker\n");
        assertTrue(ServiceFile.in(out).reconcile(Set.of(), List.of("p.ZWalker", "p.AWalker")));
        assertEquals(List.of("# mine", "com.example.MyWalker", "p.ZWalker", "p.AWalker"), lines());
        assertFalse(ServiceFile.in(out).reconcile(Set.of(), List.of("p.AWalker")), "already listed: unchanged");
    }

    @Test
    void dropsClassesNoLongerOwnedAndDeletesAnEmptyFile() throws IOException {
        ServiceFile file = ServiceFile.in(out);
        file.reconcile(Set.of(), List.of("p.AWalker", "p.BWalker"));
        assertTrue(file.reconcile(Set.of("p.AWalker", "p.BWalker"), List.of("p.BWalker")));
        assertEquals(List.of("p.BWalker"), lines());
        assertTrue(file.reconcile(Set.of("p.BWalker"), List.of()));
        assertFalse(Files.exists(out.resolve(ServiceFile.PATH)));
    }

    @Test
    void classNameFollowsServiceLoaderSyntax() {
        assertEquals("a.B", ServiceFile.className("  a.B  # comment"));
        assertEquals("", ServiceFile.className("# only a comment"));
    }
}
