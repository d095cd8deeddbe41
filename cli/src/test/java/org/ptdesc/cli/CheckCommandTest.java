package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptdesc check}: what it says about files that are valid but have nothing to walk, and codes in diagnostics. */
class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void aFileWithoutTreesIsOkWithAWarningThatSaysSo() throws IOException {
        Path lib = dir.resolve("lib.ptdesc");
        Files.writeString(lib, "param MAXPHYADDR = 52;\nformat e { flag P [0]; }\n");
        CliRun run = CliRun.of("check", lib.toString());
        assertEquals(0, run.status(), run.err());
        assertEquals(lib + ": ok, but it declares no tree (a file to include)\n", run.out());
        assertTrue(run.err().startsWith(lib + ":1:1: warning: the file declares no tree"), run.err());
        assertTrue(run.err().contains("[P415]"), run.err());
    }

    @Test
    void errorsCarryTheirCode() throws IOException {
        Path bad = dir.resolve("bad.ptdesc");
        Files.writeString(bad, "tree bad { address 48 bits; }\n");
        CliRun run = CliRun.of("check", bad.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains(bad + ":1:6: error: tree 'bad' has no 'offset N bits;' declaration [P400]"), run.err());
    }
}
