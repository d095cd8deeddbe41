package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.Walkers;

/** {@code ptdesc compile}: class files that {@link Walkers#find} finds, and nothing written on error. */
class CompileCommandTest {
    @TempDir
    Path out;

    @Test
    void writesWalkersThatWalkersFindFinds() throws IOException {
        CliRun run = CliRun.of("compile", CliTest.X86, CliTest.DESCRIPTORS.resolve("linus_x86_64.ptdesc").toString(),
                "-d", out.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(Files.exists(out.resolve("org/ptdesc/walkers/X86_64Walker.class")));
        assertEquals(List.of("org.ptdesc.walkers.X86_64Walker", "org.ptdesc.walkers.Linus_X86_64Walker"),
                Files.readAllLines(out.resolve(CompileCommand.SERVICES)));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()}, getClass().getClassLoader())) {
            TreeWalker w = Walkers.find("x86_64", loader);
            assertEquals("org.ptdesc.walkers.X86_64Walker", w.getClass().getName());
            PhysicalMemory mem = PhysicalMemory.open(Path.of(CliTest.IMAGE));
            // QEMU's gva2gpa answer for this address in the bundled image.
            assertEquals(0x6e30607L, w.translate(mem, 0x636e000L, 0x7fad6085b607L));
        }
    }

    @Test
    void writesNothingWhenAFileHasErrors() throws IOException {
        Path bad = out.resolve("bad.ptdesc");
        Files.writeString(bad, "tree bad { address 48 bits; }\n");
        Path classes = out.resolve("classes");
        CliRun run = CliRun.of("compile", CliTest.X86, bad.toString(), "-d", classes.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains(bad + ":1:"), run.err());
        assertFalse(Files.exists(classes), "no output at all");
    }

    @Test
    void classFilesThatCannotBeWrittenAreStatusThree() throws IOException {
        // -d under a regular file: the descriptors are fine, the output directory cannot exist.
        Path file = Files.writeString(out.resolve("not-a-directory"), "x");
        CliRun run = CliRun.of("compile", CliTest.X86, "-d", file.resolve("classes").toString());
        assertEquals(3, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("cannot write the output"), run.err());
    }
}
