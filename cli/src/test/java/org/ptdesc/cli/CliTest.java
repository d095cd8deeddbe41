package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
    void walkAsTextCoalescesAdjacentPages() throws IOException {
        CliRun run = CliRun.of("walk", "--desc", X86, "--image", IMAGE, "--root", CR3,
                "--from", "0x400000", "--to", "0x4fffff");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("first"), lines.getFirst());
        // The oracle: QEMU's info tlb lines in the range (mappings.tsv.gz), coalesced here by the
        // rule the text format documents: virtually adjacent, physically contiguous, same size
        // and same rights. The range lies under one PDE (0x400000..0x5fffff), so the rights
        // accumulated above the leaf are the same for every page and the leaf's own X, G, U and
        // W flags decide.
        List<String> expected = new ArrayList<>();
        long first = -1, pa = -1, size = 0, pageSize = 0;
        long pages = 0;
        String flags = "";
        try (var in = new GZIPInputStream(Files.newInputStream(USER_CASE.resolve("mappings.tsv.gz")))) {
            for (String line : new String(in.readAllBytes()).lines().filter(l -> !l.startsWith("#")).toList()) {
                String[] f = line.split("\t");
                long va = Long.parseUnsignedLong(f[0].substring(2), 16);
                if (va < 0x400000 || va > 0x4fffff) {
                    continue;
                }
                long p = Long.decode(f[2]);
                long s = Long.decode(f[3]);
                String rights = "" + f[4].charAt(0) + f[4].charAt(1) + f[4].charAt(7) + f[4].charAt(8);
                if (pages > 0 && va == first + size && p == pa + size && s == pageSize && rights.equals(flags)) {
                    size += s;
                    pages++;
                    continue;
                }
                if (pages > 0) {
                    expected.add(String.format("0x%016x 0x%016x 0x%016x %d", first, first + size - 1, pa, pages));
                }
                first = va;
                pa = p;
                size = s;
                pageSize = s;
                pages = 1;
                flags = rights;
            }
        }
        expected.add(String.format("0x%016x 0x%016x 0x%016x %d", first, first + size - 1, pa, pages));
        List<String> actual = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            String[] f = line.trim().split("\\s+");
            actual.add(f[0] + " " + f[1] + " " + f[2] + " " + f[5]);
        }
        assertEquals(expected, actual);
        // Coalescing did merge: fewer lines than pages, and some line holds more than one page.
        long leaves = expected.stream().mapToLong(e -> Long.parseLong(e.substring(e.lastIndexOf(' ') + 1))).sum();
        assertTrue(expected.size() < leaves, expected.size() + " ranges for " + leaves + " pages");
        assertTrue(lines.getLast().startsWith(expected.size() + " ranges, "), lines.getLast());
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
    void aBadAddressGetsItsOwnLineAndExitStatusOne() {
        CliRun run = CliRun.withInput("0x7fad6085b607\nnot-an-address\n0xffffff54cf83bfaf\n",
                "translate", "--desc", X86, "--image", IMAGE, "--root", CR3);
        assertEquals(1, run.status());
        assertEquals(List.of("0x7fad6085b607 0x6e30607", "not-an-address error: not a 64-bit hexadecimal address",
                "0xffffff54cf83bfaf 0x4856faf"), run.out().lines().toList());
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
    void rawImagesAreReadAtTheirBaseAddress() throws IOException {
        // A hand-built x86-64 path for va 0x1234 in a raw file loaded at physical 0x100000:
        // PML4 at 0x100000, PDPT at 0x101000, PD at 0x102000, PT at 0x103000, page 0x200000.
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(0x4000).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x0000, 0x101000L | 3);
        b.putLong(0x1000, 0x102000L | 3);
        b.putLong(0x2000, 0x103000L | 3);
        b.putLong(0x3000 + 8, 0x200000L | 3); // PT[1]: va 0x1000..0x1fff
        Path raw = tmp.resolve("tree.raw");
        Files.write(raw, b.array());
        CliRun run = CliRun.of("translate", "--desc", X86, "--image", raw.toString(), "--base", "0x100000",
                "--root", "0x100000", "--detail", "0x1234", "0x2234");
        assertEquals(0, run.status(), run.err());
        assertEquals(List.of(
                "0x1234 0x200234 level=PT (level 3) size=4KiB entry=0x200003 attributes=writable",
                "0x2234 unmapped: not present at PT (level 3) (entry 0x0)"), run.out().lines().toList());
    }

    @Test
    void treeSelectsOneOfSeveralTrees() throws IOException {
        // Two one-level trees over the same 16-entry table of 4 KiB pages: 'low' maps an entry
        // when bit 0 is set, 'high' when bit 1 is set.
        String tree = """
                tree %s {
                    address 16 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r;
                    level L bits 4 {
                        invalid when !entry[%d];
                        leaf -> entry[63:12] << 12;
                    }
                }
                """;
        Path desc = tmp.resolve("two.ptdesc");
        Files.writeString(desc, tree.formatted("low", 0) + tree.formatted("high", 1));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(0x80).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, 0x5000L | 2); // entry 1: bit 1 only
        Path raw = tmp.resolve("table.raw");
        Files.write(raw, b.array());
        String[] common = {"translate", "--desc", desc.toString(), "--image", raw.toString(), "--base", "0", "--root", "0"};
        CliRun none = CliRun.of(concat(common, "0x1234"));
        assertEquals(1, none.status());
        assertTrue(none.err().contains("has several trees; choose one with --tree: low, high"), none.err());
        assertEquals("0x1234 unmapped: not present at L (level 0) (entry 0x5002)",
                CliRun.of(concat(common, "--tree", "low", "0x1234")).out().strip());
        assertEquals("0x1234 0x5234", CliRun.of(concat(common, "--tree", "high", "0x1234")).out().strip());
    }

    static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void twoRootTreesTakeBothRegisters() {
        // The bundled arm64 guest: TTBR0_EL1 and TTBR1_EL1 as the CPU held them (ASIDs included).
        Path arm = Path.of("..", "samples", "images", "arm64-4k48-nokaslr-kernel");
        String[] common = {"--desc", DESCRIPTORS.resolve("aarch64_4k.ptdesc").toString(),
                "--image", arm.resolve("dump.elf.gz").toString(), "--root", "0x431d7000", "--root", "0x46000041853000"};
        CliRun run = CliRun.of(concat(concat(new String[] {"translate"}, common), "0xffff0000077e5127", "0x4a4f9f"));
        assertEquals(0, run.status(), run.err());
        // QEMU's gva2gpa answers for these two addresses (samples.tsv).
        assertEquals(List.of("0xffff0000077e5127 0x477e5127", "0x4a4f9f 0x4fe93f9f"), run.out().lines().toList());

        CliRun walk = CliRun.of(concat(concat(new String[] {"walk"}, common), "--format", "tsv",
                "--from", "0x4a4000", "--to", "0x4a4fff"));
        assertEquals(0, walk.status(), walk.err());
        assertTrue(walk.out().lines().skip(1).findFirst().orElseThrow().startsWith("0x4a4000\t0x4fe93000\t0x1000\t3\t"),
                walk.out());
    }

    @Test
    void unknownTreeListsTheTreesThereAre() {
        CliRun run = CliRun.of("translate", "--desc", X86, "--tree", "x86_65", "--image", IMAGE, "--root", CR3, "0");
        assertEquals(1, run.status());
        assertTrue(run.err().contains("has no tree 'x86_65'; it has: x86_64"), run.err());
    }
}
