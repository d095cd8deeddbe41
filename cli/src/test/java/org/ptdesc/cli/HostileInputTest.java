package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile content at the command line, each built in the test: descriptor text with control
 * characters, leaves of 2^63 bytes, a tree that maps 2^36 pages, lines that never end.
 */
class HostileInputTest {
    /** ESC [31m: "switch the terminal to red". */
    static final String RED = "\u001b[31m";

    @TempDir
    Path tmp;

    /** A one-level tree of 16 entries whose fault message holds a newline, a tab and an escape sequence. */
    private String[] faultyTree(String command) throws IOException {
        Path desc = HostileTrees.descriptor(tmp, "t.ptdesc", """
                tree t {
                    address 16 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r;
                    level L bits 4 {
                        invalid when !entry[0];
                        fault "bad\\n\\tentry %sred" when entry[1];
                        leaf -> entry[63:12] << 12;
                    }
                }
                """.formatted(RED));
        // Entry 0: present and faulty; entry 1: a page at 0x6000.
        Path raw = HostileTrees.entries(tmp, "t.raw", 0x5003L, 0x6001L, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new String[] {command, "--desc", desc.toString(), "--image", raw.toString(), "--base", "0", "--root", "0"};
    }

    @Test
    void aFaultMessageStaysOneTsvFieldWithItsControlsEscaped() throws IOException {
        CliRun run = CliRun.of(CliTest.concat(faultyTree("walk"), "--format", "tsv", "--faults"));
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("va\tpa\tsize\tlevel\tattributes",
                "#fault\t0x0\t0xfff\t0\t0x5003\tFAULT\tbad\\n\\tentry \\x1b[31mred",
                "0x1000\t0x6000\t0x1000\t0\t0x0"), run.out().lines().toList());
    }

    @Test
    void aFaultMessageStaysOneTextLine() throws IOException {
        CliRun run = CliRun.of(CliTest.concat(faultyTree("walk"), "--faults"));
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("0x0000000000000000 0x0000000000000fff fault at L: FAULT: bad\\n\\tentry \\x1b[31mred (entry 0x5003)",
                lines.get(1));
        assertEquals("1 range, 4 KiB mapped, 1 fault", lines.getLast());
        assertEquals(4, lines.size());
    }

    @Test
    void aFaultMessageStaysOneTranslateLine() throws IOException {
        CliRun run = CliRun.of(CliTest.concat(faultyTree("translate"), "0x10", "0x1010"));
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("0x10 unmapped: fault at L (level 0): bad\\n\\tentry \\x1b[31mred (entry 0x5003)",
                "0x1010 0x6010"), run.out().lines().toList());
    }

    @Test
    void faultsNotListedAreCounted() throws IOException {
        CliRun text = CliRun.of(faultyTree("walk"));
        assertEquals("1 range, 4 KiB mapped, 1 fault (--faults lists them)", text.out().lines().toList().getLast());
        CliRun tsv = CliRun.of(CliTest.concat(faultyTree("walk"), "--format", "tsv"));
        assertEquals(0, tsv.status());
        assertEquals("ptdesc: 1 fault not listed (--faults lists them)\n", tsv.err());
    }

    @Test
    void leavesOfTwoToTheSixtyThreeBytesAreCountedUnsigned() throws IOException {
        // One level of two entries over a 64-bit space: each maps 2^63 bytes. Together they
        // are 2^64 bytes, one more than a 64-bit size holds, so they stay two ranges.
        Path desc = HostileTrees.descriptor(tmp, "big.ptdesc", """
                tree big {
                    address 64 bits;
                    offset 63 bits;
                    entry 64 bits;
                    root r = r;
                    level L bits 1 {
                        invalid when !entry[0];
                        leaf -> entry[63:63] << 63;
                    }
                }
                """);
        Path raw = HostileTrees.entries(tmp, "big.raw", 0x1L, 0x8000_0000_0000_0001L);
        CliRun run = CliRun.of("walk", "--desc", desc.toString(), "--image", raw.toString(), "--base", "0", "--root", "0");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(
                "first              last               pa                       size  pages  level    attributes",
                "0x0000000000000000 0x7fffffffffffffff 0x0000000000000000      8 EiB      1  L        -",
                "0x8000000000000000 0xffffffffffffffff 0x8000000000000000      8 EiB      1  L        -",
                "2 ranges, 16 EiB mapped"), run.out().lines().toList());
    }

    @Test
    void limitBoundsTheWalkOfATreeThatMapsTwoToTheThirtySixPages() throws IOException {
        Path raw = HostileTrees.selfReferencingX86(tmp);
        String[] walk = {"walk", "--desc", CliTest.X86, "--image", raw.toString(), "--base", "0", "--root", "0"};
        CliRun tsv = CliRun.of(CliTest.concat(walk, "--format", "tsv", "--limit", "3"));
        assertEquals(0, tsv.status(), tsv.err());
        // Every PT entry is 0x3 (present, writable) and points to frame 0; attribute word:
        // writable (bit 0) set, user, nx and global clear.
        assertEquals(List.of("va\tpa\tsize\tlevel\tattributes", "0x0\t0x0\t0x1000\t3\t0x1", "0x1000\t0x0\t0x1000\t3\t0x1",
                "0x2000\t0x0\t0x1000\t3\t0x1"), tsv.out().lines().toList());
        assertEquals("ptdesc: stopped after --limit 3 leaves; the range maps more\n", tsv.err());

        CliRun text = CliRun.of(CliTest.concat(walk, "--limit", "2"));
        assertEquals("2 ranges, 8 KiB mapped, stopped after --limit 2 leaves", text.out().lines().toList().getLast());

        // A limit the walk does not reach says nothing: PT[0..1] of the last 8 KiB.
        CliRun all = CliRun.of(CliTest.concat(walk, "--format", "tsv", "--limit", "2",
                "--from", "0xffffffffffffe000", "--to", "0xffffffffffffffff"));
        assertEquals(0, all.status(), all.err());
        assertEquals(3, all.out().lines().count());
        assertEquals("", all.err());
    }

    @Test
    void anEndlessLineOnStandardInputIsAnErrorLineNotAnOutOfMemoryError() {
        // 64 MiB of 'a' with no newline, generated as it is read, then one good address.
        long size = 64L << 20;
        InputStream endless = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
        InputStream stdin = new SequenceInputStream(endless, new ByteArrayInputStream("\n0x7fad6085b607\n".getBytes(StandardCharsets.UTF_8)));
        CliRun run = CliRun.withInput(stdin, "translate", "--desc", CliTest.X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3);
        assertEquals(1, run.status());
        assertEquals(List.of("a".repeat(40) + "... error: line longer than 4096 bytes", "0x7fad6085b607 0x6e30607"),
                run.out().lines().toList());
    }

    @Test
    void controlCharactersInAnAddressLineAreEscaped() {
        CliRun run = CliRun.withInput("\u001b[2J\tx\n", "translate", "--desc", CliTest.X86, "--image", CliTest.IMAGE,
                "--root", CliTest.CR3);
        assertEquals(1, run.status());
        assertEquals("\\x1b[2J\\tx error: not a 64-bit hexadecimal address\n", run.out());
    }

    @Test
    void aFileNameWithANewlineStaysOnOneErrorLine() {
        CliRun run = CliRun.of("walk", "--desc", CliTest.X86, "--image", tmp.resolve("no\nsuch" + RED).toString(), "--root", "0");
        assertEquals(1, run.status());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().endsWith("no\\nsuch\\x1b[31m: no such file\n"), run.err());
    }
}
