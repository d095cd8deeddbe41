package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: exit statuses, output formats and error messages. */
class CliTest {
    static final Path DESCRIPTORS = Path.of("..", "samples", "descriptors");
    static final Path USER_CASE = Path.of("..", "samples", "images", "x86_64-4l-nokaslr-user");
    static final String X86 = DESCRIPTORS.resolve("x86_64.ptdesc").toString();
    static final String IMAGE = USER_CASE.resolve("dump.elf.gz").toString();
    static final String CR3 = "0x636e000";

    @TempDir
    Path tmp;

    @Test
    void checkAcceptsTheShippedDescriptors() {
        CliRun run = CliRun.of("check", X86, DESCRIPTORS.resolve("linus_x86_64.ptdesc").toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("x86_64.ptdesc: ok (x86_64)"), run.out());
        assertTrue(run.out().contains("linus_x86_64.ptdesc: ok (linus_x86_64)"), run.out());
    }

    @Test
    void checkReportsLocatedErrorsWithACaretAndExitStatusOne() throws IOException {
        Path bad = tmp.resolve("bad.ptdesc");
        Files.writeString(bad, "tree t {\n    address 48 bits;\n    offset 12 bits;\n    entry 64 bits;\n"
                + "    root r = r;\n    level L bits 36 {\n        leaf when nonsense -> entry;\n    }\n}\n");
        CliRun run = CliRun.of("check", bad.toString());
        assertEquals(1, run.status());
        assertTrue(run.err().contains(bad + ":7:19: error: "), run.err());
        assertTrue(run.err().contains("        leaf when nonsense -> entry;\n                  ^~~~~~~~"), run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void walkAsTsvListsEveryLeafOfTheRealImage() throws IOException {
        CliRun run = CliRun.of("walk", "--desc", X86, "--image", IMAGE, "--root", CR3, "--format", "tsv");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("va\tpa\tsize\tlevel\tattributes", lines.getFirst());
        long expectedRows;
        try (var in = new GZIPInputStream(Files.newInputStream(USER_CASE.resolve("mappings.tsv.gz")))) {
            expectedRows = new String(in.readAllBytes()).lines().filter(l -> !l.startsWith("#")).count();
        }
        assertEquals(expectedRows, lines.size() - 1, "one row per info tlb line");
        // First info tlb line: 0x400000 -> 0xf8b4000, 4 KiB, user, read-only, NX (flags X---A--U-).
        // Attribute word: writable bit 0 = 0, user bit 1 = 1, nx bit 2 = 1, global bit 3 = 0.
        assertEquals("0x400000\t0xf8b4000\t0x1000\t3\t0x6", lines.get(1));
    }

    @Test
    void walkAsTextCoalescesAdjacentPages() {
        CliRun run = CliRun.of("walk", "--desc", X86, "--image", IMAGE, "--root", CR3,
                "--from", "0x400000", "--to", "0x4fffff");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("first"), lines.getFirst());
        // info mem shows 0x400000-0x4a0000 as one user read-only range (160 pages); the leaves
        // are not all physically contiguous, so coalescing stops where the frames do.
        assertTrue(lines.get(1).startsWith("0x0000000000400000 "), lines.get(1));
        assertTrue(lines.getLast().matches("\\d+ ranges, .* mapped"), lines.getLast());
    }

    @Test
    void translatePrintsOneLinePerAddressInOrder() {
        CliRun run = CliRun.of("translate", "--desc", X86, "--image", IMAGE, "--root", CR3,
                "0x7fad6085b607", "0x0000800000000000", "0"); // va 0: PML4[0] and PDPT[0] present, PD[0] = 0 (decoded by hand from the dump)
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(
                "0x7fad6085b607 0x6e30607",
                "0x800000000000 unmapped: outside the tree's address range",
                "0x0 unmapped: not present at PD (level 2) (entry 0x0)"), run.out().lines().toList());
    }

    @Test
    void translateReadsAddressesFromStandardInput() {
        CliRun run = CliRun.withInput("0x7fad6085b607\n# comment\n\n0xffffff54cf83bfaf\n",
                "translate", "--desc", X86, "--image", IMAGE, "--root", CR3);
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of("0x7fad6085b607 0x6e30607", "0xffffff54cf83bfaf 0x4856faf"), run.out().lines().toList());
    }

    @Test
    void wrongNumberOfRootsIsAClearError() {
        CliRun run = CliRun.of("translate", "--desc", X86, "--image", IMAGE, "--root", CR3, "--root", "0x1000", "0");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("tree x86_64 needs 1 --root value(s), for cr3 in that order; got 2"), run.err());
    }

    @Test
    void missingAndCorruptImagesAreClearErrors() throws IOException {
        CliRun missing = CliRun.of("walk", "--desc", X86, "--image", tmp.resolve("nope.elf").toString(), "--root", CR3);
        assertEquals(1, missing.status());
        assertTrue(missing.err().startsWith("ptdesc: error: "), missing.err());
        assertTrue(missing.err().contains("nope.elf"), missing.err());

        Path corrupt = tmp.resolve("corrupt.elf");
        try (OutputStream out = Files.newOutputStream(corrupt)) {
            out.write(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        }
        CliRun bad = CliRun.of("walk", "--desc", X86, "--image", corrupt.toString(), "--root", CR3);
        assertEquals(1, bad.status());
        assertTrue(bad.err().contains("corrupt.elf"), bad.err());
        assertFalse(bad.err().contains("internal error"), bad.err());
    }

    @Test
    void unknownTreeListsTheTreesThereAre() {
        CliRun run = CliRun.of("translate", "--desc", X86, "--tree", "x86_65", "--image", IMAGE, "--root", CR3, "0");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("has no tree 'x86_65'; it has: x86_64"), run.err());
    }
}
