package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Command;

/**
 * Every exit status of the README's table, and what each failure says on standard error: one
 * line, no stack trace (except an internal error under --debug), nothing on standard output
 * that looks like a result.
 */
class ExitStatusTest {
    static final String X86 = CliTest.X86;

    @TempDir
    Path tmp;

    @Test
    void unmappedAddressesAreASuccess() throws IOException {
        // PML4[0] is not present (all zeros): nothing is mapped, and that is an answer.
        Path raw = HostileTrees.entries(tmp, "empty.raw", new long[512]);
        CliRun run = CliRun.of("translate", "--desc", X86, "--image", raw.toString(), "--base", "0", "--root", "0", "0x1234");
        assertEquals(0, run.status(), run.err());
        assertEquals("0x1234 unmapped: not present at PML4 (level 0) (entry 0x0)\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void aRootTableOutsideTheImageIsBadInputNotAnEmptyAddressSpace() throws IOException {
        Path raw = HostileTrees.entries(tmp, "small.raw", new long[512]); // physical 0..0xfff only
        String[] common = {"--desc", X86, "--image", raw.toString(), "--base", "0", "--root", "0x100000"};
        String expected = "ptdesc: error: cannot read the root table for cr3 = 0x100000: physical address 0x100000 is outside the image\n";

        CliRun walk = CliRun.of(CliTest.concat(new String[] {"walk"}, common));
        assertEquals(1, walk.status());
        assertEquals(expected, walk.err(), "once, although both canonical halves fault");
        // The summary counts the faults: the lower and the upper canonical half.
        assertTrue(walk.out().endsWith("0 ranges, 0 B mapped, 2 faults (--faults lists them)\n"), walk.out());

        CliRun translate = CliRun.of(CliTest.concat(CliTest.concat(new String[] {"translate"}, common), "0x1234", "0x5678"));
        assertEquals(1, translate.status());
        assertEquals(expected, translate.err());
        assertEquals("0x1234 unmapped: table outside memory at PML4 (level 0) (reading 0x100000)",
                translate.out().lines().findFirst().orElseThrow());
    }

    @Test
    void descriptorErrorsAndMalformedAddressesAreBadInput() throws IOException {
        Path bad = HostileTrees.descriptor(tmp, "bad.ptdesc", "tree t { address 48 bits; }\n");
        CliRun run = CliRun.of("walk", "--desc", bad.toString(), "--image", CliTest.IMAGE, "--root", CliTest.CR3);
        assertEquals(1, run.status());
        assertTrue(run.err().contains(bad + ":1:"), run.err());
        assertTrue(run.err().endsWith("ptdesc: error: " + bad + ": the descriptor has errors\n"), run.err());
        assertEquals("", run.out());

        CliRun address = CliRun.of("translate", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3, "0xg");
        assertEquals(1, address.status());
        assertEquals("0xg error: not a 64-bit hexadecimal address\n", address.out());
    }

    @Test
    void fromAfterToIsAUsageError() {
        CliRun run = CliRun.of("walk", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3,
                "--from", "0x2000", "--to", "0x1fff");
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertEquals("ptdesc: usage error: --from 0x2000 is after --to 0x1fff (both are inclusive) (see 'ptdesc walk --help')\n",
                run.err());
    }

    @Test
    void toIsInclusiveAndLeavesAreCutToTheRange() {
        // The bundled image's first leaf is 0x400000..0x400fff -> 0xf8b4000 (info tlb).
        String[] common = {"walk", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3, "--format", "tsv"};
        CliRun page = CliRun.of(CliTest.concat(common, "--from", "0x400000", "--to", "0x400fff"));
        assertEquals(0, page.status(), page.err());
        assertEquals(List.of("va\tpa\tsize\tlevel\tattributes", "0x400000\t0xf8b4000\t0x1000\t3\t0x6"), page.out().lines().toList());
        CliRun oneByte = CliRun.of(CliTest.concat(common, "--from", "0x400000", "--to", "0x400000"));
        assertEquals(0, oneByte.status(), oneByte.err());
        assertEquals(List.of("va\tpa\tsize\tlevel\tattributes", "0x400000\t0xf8b4000\t0x1\t3\t0x6"), oneByte.out().lines().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\u0661\u0662",     // Arabic-Indic digits one and two: Character.digit accepts them
        "\uff11\uff12",     // full-width 1 and 2
        "0x",
        "0x1_0000_0000_0000_0000", // 17 digits
        "12z"})
    void aMalformedRootIsOneLineOfUsageError(String root) {
        CliRun run = CliRun.of("walk", "--desc", X86, "--image", CliTest.IMAGE, "--root", root);
        assertEquals(2, run.status());
        assertEquals("", run.out());
        assertEquals(List.of("ptdesc: usage error: Invalid value for option '--root' (HEX): '" + root
                + "' is not a 64-bit hexadecimal number (see 'ptdesc walk --help')"), run.err().lines().toList());
    }

    @Test
    void otherUsageErrorsAreOneLineEach() {
        CliRun unknown = CliRun.of("walk", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3, "--fro", "0");
        assertEquals(2, unknown.status());
        assertEquals(1, unknown.err().lines().count(), unknown.err());
        assertTrue(unknown.err().contains("did you mean --from?"), unknown.err());

        CliRun missing = CliRun.of("walk", "--desc", X86);
        assertEquals(2, missing.status());
        // --root may be left out (the image's notes can give it); --image may not.
        assertEquals(List.of("ptdesc: usage error: Missing required option: '--image=IMAGE' (see 'ptdesc walk --help')"),
                missing.err().lines().toList());

        CliRun param = CliRun.of("check", "-P", "MAXPHYADDR=\u0664\u0666", X86);
        assertEquals(2, param.status());
        assertEquals(List.of("ptdesc: usage error: parameter MAXPHYADDR: '\u0664\u0666' is not a 64-bit number"
                + " (decimal, 0x hex or 0b binary) (see 'ptdesc check --help')"), param.err().lines().toList());

        CliRun limit = CliRun.of("walk", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3, "--limit", "0");
        assertEquals(2, limit.status());
        assertEquals(1, limit.err().lines().count(), limit.err());

        CliRun command = CliRun.of("wlak");
        assertEquals(2, command.status());
        assertEquals(1, command.err().lines().count(), command.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"walk", "translate", "check", "compile"})
    void helpWorksWithoutTheRequiredOptionsAndListsTheExitStatuses(String command) {
        CliRun run = CliRun.of(command, "--help");
        assertEquals(0, run.status(), run.err());
        assertEquals("", run.err());
        assertTrue(run.out().startsWith("Usage: ptdesc " + command), run.out());
        assertTrue(run.out().contains("Exit status:\n"), run.out());
        for (String code : List.of("  0 ", "  1 ", "  2 ", "  3 ", " 70 ", "141 ")) {
            assertTrue(run.out().contains(code), code + " in\n" + run.out());
        }
        assertFalse(run.out().contains("\u001b"), "no colour escapes");
        assertEquals(run.out(), CliRun.of("help", command).out(), "'ptdesc help CMD' says the same");
    }

    @Test
    void aFailedWriteIsExitStatusThreeWithOneLine() {
        CliRun walk = CliRun.writingTo(new FailingStream("No space left on device"),
                "walk", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3);
        assertEquals(3, walk.status());
        assertEquals("ptdesc: error: cannot write the output: No space left on device\n", walk.err());

        // One short line fails only at the final flush; it must fail all the same.
        CliRun translate = CliRun.writingTo(new FailingStream("No space left on device"),
                "translate", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3, "0");
        assertEquals(3, translate.status());
        assertEquals("ptdesc: error: cannot write the output: No space left on device\n", translate.err());
    }

    @Test
    void aClosedPipeEndsTheWalkOfAHugeTreeQuietly() throws IOException {
        Path raw = HostileTrees.selfReferencingX86(tmp);
        FailingStream pipe = new FailingStream("Broken pipe");
        CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.writingTo(pipe,
                "walk", "--desc", X86, "--image", raw.toString(), "--base", "0", "--root", "0", "--format", "tsv"));
        assertEquals(141, run.status());
        assertEquals("", run.err());
        assertEquals(1, pipe.attempts, "the first failed write ends the walk");
    }

    @Test
    void aBugIsStatusSeventyWithARequestToReportIt() {
        CliRun run = CliRun.extended(cl -> cl.addSubcommand(new Explode()), "explode");
        assertEquals(70, run.status());
        assertEquals(List.of("ptdesc: internal error: java.lang.IllegalStateException: an invariant broke",
                "ptdesc: this is a bug in ptdesc; please report it, with the stack trace that --debug shows."),
                run.err().lines().toList());

        CliRun debug = CliRun.extended(cl -> cl.addSubcommand(new Explode()), "explode", "--debug");
        assertEquals(70, debug.status());
        assertTrue(debug.err().contains("\tat org.ptdesc.cli.ExitStatusTest$Explode.call("), debug.err());
        assertTrue(debug.err().contains("please report it with the command line and this stack trace"), debug.err());

        CliRun before = CliRun.extended(cl -> cl.addSubcommand(new Explode()), "--debug", "explode");
        assertTrue(before.err().contains("\tat org.ptdesc.cli.ExitStatusTest$Explode.call("), before.err());
    }

    @Test
    void anErrorSuchAsStackOverflowIsStatusSeventyToo() {
        CliRun run = CliRun.extended(cl -> cl.addSubcommand(new Overflow()), "overflow");
        assertEquals(70, run.status());
        assertEquals("ptdesc: internal error: java.lang.StackOverflowError", run.err().lines().findFirst().orElseThrow());
        assertFalse(run.err().contains("\tat "), run.err());
    }

    /** A command with a bug. */
    @Command(name = "explode")
    static final class Explode implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("an invariant broke");
        }
    }

    /** A command that recurses without end. */
    @Command(name = "overflow")
    static final class Overflow implements Callable<Integer> {
        @Override
        public Integer call() {
            return depth(0);
        }

        private static int depth(int n) {
            return depth(n + 1) + 1;
        }
    }

    /** Standard output whose every write fails, as a full disk or a closed pipe does. */
    static final class FailingStream extends OutputStream {
        private final String message;
        int attempts;

        FailingStream(String message) {
            this.message = message;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            attempts++;
            throw new IOException(message);
        }
    }
}
