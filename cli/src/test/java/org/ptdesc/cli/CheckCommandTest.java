package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptdesc check} and {@code compile} over several files: files with nothing to walk, codes in
 * diagnostics, parameters given to several files, and class files that several files would share.
 */
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

    @Test
    void aParameterGivenToSeveralFilesAppliesWhereItIsDeclared() {
        String x86 = CliTest.X86;
        String linus = CliTest.DESCRIPTORS.resolve("linus_x86_64.ptdesc").toString();
        CliRun run = CliRun.of("check", x86, linus, "-P", "MAXPHYADDR=46");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("x86_64.ptdesc: ok (x86_64)"), run.out());
        assertTrue(run.out().contains("linus_x86_64.ptdesc: ok (linus_x86_64)"), run.out());

        CliRun unknown = CliRun.of("check", x86, linus, "-P", "NO_SUCH_PARAM=1");
        assertEquals(1, unknown.status());
        assertTrue(unknown.err().contains("parameter override 'NO_SUCH_PARAM' names no parameter of any of the 2 files [P211]"),
                unknown.err());
    }

    @Test
    void compileRefusesTreesOfTwoFilesThatShareAClassFileWhereCaseIsIgnored() throws IOException {
        String tree = "tree %s { address 16 bits; offset 12 bits; entry 64 bits; root r = r; flag V [0];"
                + " field frame [63:12]; level L bits 4 { invalid when !V; leaf -> frame << 12; } }\n";
        Path a = dir.resolve("a.ptdesc");
        Path b = dir.resolve("b.ptdesc");
        Files.writeString(a, tree.formatted("abc"));
        Files.writeString(b, tree.formatted("ABC"));
        Path classes = dir.resolve("classes");
        CliRun run = CliRun.of("compile", a.toString(), b.toString(), "-d", classes.toString());
        assertEquals(1, run.status(), run.out());
        assertTrue(run.err().contains(b + ": error: tree 'ABC' (line 1) compiles to org.ptdesc.walkers.ABCWalker"), run.err());
        assertTrue(run.err().contains("[P212]"), run.err());
        assertTrue(Files.notExists(classes), "nothing written");
    }
}
