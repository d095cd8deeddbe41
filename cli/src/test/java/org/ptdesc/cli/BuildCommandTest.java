package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ptdesc build}: a small hand-written TSV round trip, and located errors for bad lines. */
class BuildCommandTest {

    static final String X86 = CliTest.X86;

    @TempDir
    Path tmp;

    private Path tsv(String... lines) throws IOException {
        Path p = tmp.resolve("m.tsv");
        Files.writeString(p, MappingsFile.HEADER + "\n" + String.join("\n", lines) + "\n");
        return p;
    }

    private CliRun build(Path tsv) {
        return CliRun.of("build", "--desc", X86, "--mappings", tsv.toString(), "--out", tmp.resolve("out.img").toString(),
                "--base", "0x200000");
    }

    @Test
    void aHandWrittenTsvRoundTrips() throws IOException {
        // A user page, a kernel 2 MiB page and a 1 GiB page: attribute word bits writable 0, user 1, nx 2, global 3.
        String text = "0x400000\t0x1234000\t0x1000\t3\t0x3\n"
                + "0xffff888000200000\t0x40000000\t0x200000\t2\t0xd\n"
                + "0xffffffff80000000\t0x80000000\t0x40000000\t1\t0x8";
        Path in = tsv(text);
        CliRun run = build(in);
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().matches("root 0x[0-9a-f]+\\n"), run.out());
        String root = run.out().strip().substring(5);
        CliRun walk = CliRun.of("walk", "--desc", X86, "--image", tmp.resolve("out.img").toString(), "--base", "0x200000",
                "--root", root, "--format", "tsv");
        assertEquals(0, walk.status(), walk.err());
        assertEquals(MappingsFile.HEADER + "\n" + text + "\n", walk.out());
    }

    @Test
    void overlappingLinesAreLocatedErrors() throws IOException {
        Path in = tsv("0x400000\t0x1234000\t0x1000\t3\t0x3", "0x400000\t0x0\t0x200000\t2\t0x3");
        CliRun run = build(in);
        assertEquals(1, run.status());
        assertTrue(run.err().contains(in + ":3: 0x400000 .. 0x5fffff overlaps line 2 (0x400000 .. 0x400fff)"), run.err());
        assertFalse(Files.exists(tmp.resolve("out.img")), "no image when the input is bad");
    }

    @Test
    void misalignedLinesAreLocatedErrors() throws IOException {
        Path in = tsv("0x400000\t0x1234000\t0x1000\t3\t0x3", "0x600000\t0x1000\t0x200000\t2\t0x3");
        CliRun run = build(in);
        assertEquals(1, run.status());
        assertTrue(run.err().contains(in + ":3: va 0x600000 or pa 0x1000 is not aligned to the page size 0x200000"),
                run.err());
    }

    @Test
    void badSizesHeadersAndNumbersAreLocatedErrors() throws IOException {
        assertTrue(build(tsv("0x400000\t0x1234000\t0x3000\t3\t0x3")).err().contains(":2: size 0x3000 is not a page size"));
        assertTrue(build(tsv("0x400000\t0x1234000\t0x1000\t3")).err().contains(":2: expected 5 tab-separated columns"));
        assertTrue(build(tsv("0x400000\tzz\t0x1000\t3\t0x3")).err().contains(":2: pa 'zz' is not a hex number"));
        Path noHeader = tmp.resolve("h.tsv");
        Files.writeString(noHeader, "0x400000\t0x1234000\t0x1000\t3\t0x3\n");
        CliRun run = build(noHeader);
        assertEquals(1, run.status());
        assertTrue(run.err().contains(noHeader + ":1: expected the header"), run.err());
    }

    @Test
    void anUnencodableAttributeWordIsALocatedError() throws IOException {
        // Attribute bits above the seven x86_64 attributes cannot be written by any entry.
        CliRun run = build(tsv("0x400000\t0x1234000\t0x1000\t3\t0x80"));
        assertEquals(1, run.status());
        assertTrue(run.err().contains(":2: cannot map 0x400000"), run.err());
        assertTrue(run.err().contains("NOT_ENCODABLE"), run.err());
    }

    @Test
    void anImageThatCannotBeWrittenIsStatusThreeAndLeavesNothingBehind() throws IOException {
        Path in = tsv("0x400000\t0x1234000\t0x1000\t3\t0x3");
        CliRun noDir = CliRun.of("build", "--desc", X86, "--mappings", in.toString(), "--out",
                tmp.resolve("missing/out.img").toString(), "--base", "0x200000");
        assertEquals(3, noDir.status(), noDir.err());
        assertEquals(1, noDir.err().lines().count(), noDir.err());
        assertTrue(noDir.err().contains("the directory does not exist"), noDir.err());
        if (Files.exists(Path.of("/dev/full")) && !Files.isRegularFile(Path.of("/dev/full"))) {
            CliRun full = CliRun.of("build", "--desc", X86, "--mappings", in.toString(), "--out", "/dev/full",
                    "--base", "0x200000");
            assertEquals(3, full.status(), full.err());
            assertFalse(Files.isRegularFile(Path.of("/dev/full")), "/dev/full is still a device");
        }
        try (var files = Files.list(tmp)) {
            assertEquals(java.util.List.of(in), files.toList(), "no image or temporary file left");
        }
    }
}
