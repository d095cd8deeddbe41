package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.ParallelWalk;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.PieceWalk;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Tries to make {@code walk --threads N} write anything but what one thread writes: trees
 * built byte by byte whose identity-mapped superpages and pages coalesce into text ranges that
 * run across the cuts, ranges whose size would pass 2^64 bytes across a cut, two roots of
 * which one or both lie outside the image, tables outside the image, {@code --from} and
 * {@code --to} inside tables, and {@code --limit} at every piece boundary (the leaves up to
 * the end of a piece, one less, one more, as the walk's own pieces count them). Each run is
 * compared with {@code --threads 1} on standard output, standard error and exit status.
 */
class WalkThreadsAdversarialTest {

    private static final List<String> THREADS = List.of("2", "3", "8");

    @TempDir
    Path tmp;

    /**
     * A two-level tree over all 64 bits: 16 tables of 16 leaves of 2^56 bytes, each leaf mapped
     * to its own address, so one thread coalesces them until the next would pass 2^64 - 1:
     * a range of 255 leaves (2^64 - 2^56 bytes) and one of the last leaf (hand-computed). The
     * range runs across every cut, and the last piece's sum passes 2^64.
     */
    @Test
    void aRangeThatWouldPassTwoToTheSixtyFourAcrossCuts() throws IOException {
        Path desc = sixteenBySixteen();
        long[] image = new long[17 * 16];
        for (int i = 0; i < 16; i++) {
            image[i] = 0x80L * (i + 1) | 1;
            for (int j = 0; j < 16; j++) {
                image[16 * (i + 1) + j] = (long) (16 * i + j) << 56 | 1;
            }
        }
        Path raw = HostileTrees.entries(tmp, "huge.raw", image);
        List<String> args = List.of("walk", "--desc", desc.toString(), "--image", raw.toString(), "--base", "0", "--root", "0");
        assertTrue(pieces(desc, "huge", raw, new long[] {0}, 0, -1L).size() >= 4, "the range is cut");
        CliRun one = run(args, List.of(), "1");
        assertEquals(0, one.status(), one.err());
        assertEquals(List.of(
                "first              last               pa                       size  pages  level    attributes",
                "0x0000000000000000 0xfeffffffffffffff 0x0000000000000000   15.9 EiB    255  B        -",
                "0xff00000000000000 0xffffffffffffffff 0xff00000000000000     64 PiB      1  B        -",
                "2 ranges, 16 EiB mapped"), one.out().lines().toList());
        sameOnEveryThreadCount(args, List.of(), one);
        for (long limit : new long[] {1, 16, 17, 254, 255, 256, 257}) {
            List<String> limited = List.of("--limit", Long.toString(limit));
            sameOnEveryThreadCount(args, limited, run(args, limited, "1"));
        }
    }

    /**
     * The same tree with random leaves left out and mapped elsewhere (pa = va + a random
     * multiple of 2^56, which wraps), so ranges of every length start and end anywhere, and
     * some pass 2^64 inside a piece, some across a cut.
     */
    @Test
    void randomHugeRangesAcrossCuts() throws IOException {
        Path desc = sixteenBySixteen();
        Random random = new Random(0x2e64L);
        for (int t = 0; t < 12; t++) {
            long[] image = new long[17 * 16];
            long delta = 0;
            for (int i = 0; i < 16; i++) {
                image[i] = random.nextInt(10) == 0 ? 0 : 0x80L * (i + 1) | 1;
                for (int j = 0; j < 16; j++) {
                    if (random.nextInt(20) == 0) {
                        delta = (long) random.nextInt(256) << 56;
                    }
                    image[16 * (i + 1) + j] = random.nextInt(25) == 0 ? 0 : ((long) (16 * i + j) << 56) + delta | 1;
                }
            }
            Path raw = HostileTrees.entries(tmp, "huge" + t + ".raw", image);
            long from = random.nextBoolean() ? 0 : random.nextLong();
            long to = random.nextBoolean() ? -1L : from + ((-1L - from) >>> random.nextInt(8));
            List<String> args = List.of("walk", "--desc", desc.toString(), "--image", raw.toString(), "--base", "0",
                    "--root", "0", "--from", hex(from), "--to", hex(to));
            for (List<String> format : List.<List<String>>of(List.of(), List.of("--faults"), List.of("--format", "tsv"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                sameOnEveryThreadCount(args, format, one);
            }
        }
    }

    /**
     * Random x86-64 trees without shared tables, every leaf (1 GiB, 2 MiB and 4 KiB) mapped to
     * its own address but a few moved, so text ranges run across the cuts between tables; some
     * entries point to tables outside the image. Walked whole and in random ranges that begin
     * and end inside tables, with and without {@code --faults}, and with limits at the
     * boundaries of the walk's own pieces.
     */
    @Test
    void identityMappedX86TreesWithLimitsAtEveryPieceBoundary() throws IOException {
        Random random = new Random(0x15eedL);
        int boundaries = 0;
        for (int t = 0; t < 3; t++) {
            Path raw = tmp.resolve("x86-" + t + ".raw");
            Files.write(raw, new X86Builder(random, 70).build());
            boolean whole = t < 2;
            long from = whole ? 0 : random.nextLong() & 0x0000_7fff_ffff_ffffL;
            long to = whole ? -1L : from + (random.nextLong() >>> 17);
            List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", raw.toString(), "--base", "0",
                    "--root", "0", "--from", hex(from), "--to", hex(to));
            List<long[]> pieces = pieces(Path.of(CliTest.X86), "x86_64", raw, new long[] {0}, from, to);
            if (whole) {
                assertTrue(pieces.size() >= 8, pieces.size() + " pieces");
            }
            long all = pieces.isEmpty() ? 0 : pieces.getLast()[2];
            TreeSet<Long> limits = new TreeSet<>(List.of(1L, Math.max(1, all - 1), Math.max(1, all), all + 1));
            for (int k = 0; k < pieces.size(); k += Math.max(1, pieces.size() / 4)) {
                long upTo = pieces.get(k)[2];
                for (long limit = upTo - 1; limit <= upTo + 1; limit++) {
                    if (limit >= 1) {
                        limits.add(limit);
                    }
                }
                boundaries++;
            }
            for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text"),
                    List.of("--format", "text", "--faults"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                if (whole && format.contains("tsv")) {
                    // Rows: the header, a row per leaf the pieces counted, the faults.
                    assertEquals(all, one.out().lines().filter(l -> l.startsWith("0x")).count());
                    assertTrue(one.out().contains("#fault"), "the tree has faults");
                }
                sameOnEveryThreadCount(args, format, one);
                for (long limit : limits) {
                    List<String> limited = new ArrayList<>(format);
                    limited.addAll(List.of("--limit", Long.toString(limit)));
                    sameOnEveryThreadCount(args, limited, run(args, limited, "1"));
                }
            }
        }
        assertTrue(boundaries >= 10, boundaries + " piece boundaries");
    }

    /**
     * An AArch64 tree of two roots (TTBR0_EL1 and TTBR1_EL1), each readable, or outside the
     * image, or both pointing to the same tables, or the root table cut short by the end of the
     * image: the unreadable roots are reported once each on standard error with exit status 1,
     * the same on every thread count.
     */
    @Test
    void twoRootsReadableOrNotOnEveryThreadCount() throws IOException {
        Random random = new Random(0xa64L);
        byte[] tree = new Aarch64Builder(random, 50).build();
        Path raw = tmp.resolve("a64.raw");
        Files.write(raw, tree);
        // The same tree cut 2 KiB into its root table: half the root's entries lie outside the image.
        Path cut = tmp.resolve("a64-cut.raw");
        Files.write(cut, java.util.Arrays.copyOf(tree, 2048));
        String desc = CliTest.DESCRIPTORS.resolve("aarch64_4k.ptdesc").toString();
        String outside = "0x7f000000";
        String[][] rootPairs = {{"0x0", "0x0"}, {"0x0", outside}, {outside, "0x0"}, {outside, outside},
            {"0x1000000000000", "0x0"}}; // an ASID in TTBR0_EL1's top bits
        int unreadable = 0;
        for (Path image : List.of(raw, cut)) {
            for (String[] roots : rootPairs) {
                List<String> args = List.of("walk", "--desc", desc, "--image", image.toString(), "--base", "0",
                        "--root", roots[0], "--root", roots[1]);
                for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text"),
                        List.of("--format", "tsv"), List.of("--format", "text", "--limit", "700"))) {
                    CliRun one = run(args, format, "1");
                    if (one.status() == 1) {
                        assertTrue(one.err().contains("cannot read the root table"), one.err());
                        unreadable++;
                    } else {
                        assertEquals(0, one.status(), one.err());
                    }
                    sameOnEveryThreadCount(args, format, one);
                }
            }
        }
        assertTrue(unreadable >= 12, unreadable + " runs with unreadable roots");
    }

    /** Random ranges of a two-root AArch64 tree, including tagged addresses (VA[63:56] ignored) and the gap between the roots. */
    @Test
    void randomRangesOfTwoRoots() throws IOException {
        Random random = new Random(0x7a9L);
        Path raw = tmp.resolve("a64r.raw");
        Files.write(raw, new Aarch64Builder(random, 60).build());
        String desc = CliTest.DESCRIPTORS.resolve("aarch64_4k.ptdesc").toString();
        long[] starts = {0, 0x0000_8000_0000_0000L, 0x00ff_ffff_ffff_0000L, 0x0100_0000_0000_0000L, 0xfeff_ffff_ffff_f000L,
            0xffff_0000_0000_0000L, 0xffff_8000_1234_5000L};
        for (int t = 0; t < 10; t++) {
            long from = starts[random.nextInt(starts.length)] + (random.nextBoolean() ? 0 : random.nextInt(1 << 30));
            long to = random.nextInt(3) == 0 ? -1L : from + (random.nextLong() >>> (1 + random.nextInt(30)));
            if (Long.compareUnsigned(to, from) < 0) {
                to = -1L;
            }
            List<String> args = List.of("walk", "--desc", desc, "--image", raw.toString(), "--base", "0",
                    "--root", "0x0", "--root", "0x0", "--from", hex(from), "--to", hex(to), "--limit", "20000");
            for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text", "--faults"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                sameOnEveryThreadCount(args, format, one);
            }
        }
    }

    /** An x86-64 root outside the image, and a root table cut short by the image's end, with and without {@code --faults}. */
    @Test
    void x86RootsOutsideOrCutShort() throws IOException {
        byte[] tree = new X86Builder(new Random(0xc3L), 40).build();
        Path raw = tmp.resolve("x86.raw");
        Files.write(raw, tree);
        Path cut = tmp.resolve("x86-cut.raw");
        Files.write(cut, java.util.Arrays.copyOf(tree, 1024));
        for (Path image : List.of(raw, cut)) {
            for (String root : List.of("0x0", "0x40000000", "0xfffffffffffff000")) {
                List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", image.toString(), "--base", "0",
                        "--root", root);
                for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text"),
                        List.of("--format", "tsv"), List.of("--format", "text", "--faults", "--limit", "1"))) {
                    sameOnEveryThreadCount(args, format, run(args, format, "1"));
                }
            }
        }
    }

    /**
     * An x86-64 tree whose PML4 entries 0 to 3 and 5 map 2^18 pages of 2 MiB each (one PDPT of
     * PDs of leaves, shared), and whose others lead through shared PDPTs and PDs to one empty
     * page table: 2^18 empty tables an entry, 2^26 in all, which take a thread about a minute
     * to walk. Cutting stops in the mapped part, so the last piece holds the end of it, the
     * mapped entry 5 and all the empty tables. With a limit that falls just before that
     * piece, one thread stops at once, and so must several, though a thread may have taken
     * the last piece before the limit is reached, or before the reader closed the pipe. Without
     * a limit, up to the end of entry 5, the last piece is listed whole.
     */
    @Test
    void aPieceThatMapsNothingForLongDoesNotOutlastTheLimit() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(6 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 512; i++) {
            b.putLong(8 * i, i < 4 || i == 5 ? 0x1007 : 0x3007);
            b.putLong(0x1000 + 8 * i, 0x2007);
            b.putLong(0x2000 + 8 * i, (long) i << 21 | 0x87);
            b.putLong(0x3000 + 8 * i, 0x4007);
            b.putLong(0x4000 + 8 * i, 0x5007);
        }
        Path raw = tmp.resolve("empty-tables.raw");
        Files.write(raw, b.array());
        long lastStart;
        try (Arena arena = Arena.ofShared()) {
            TreeWalker walker = Ptdesc.load(Path.of(CliTest.X86), "x86_64");
            lastStart = new ParallelWalk(walker, 2).pieces(PhysicalMemory.raw(raw, 0, arena), new long[] {0}, 0, -1L).getLast()[0];
        }
        assertTrue(Long.compareUnsigned(lastStart, 4L << 39) < 0, "the last piece begins in the mapped part: " + hex(lastStart));
        // Below the last piece every 2 MiB is a leaf: the limit stops the walk 5 leaves before it.
        long limit = (lastStart >>> 21) - 5;
        List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", raw.toString(), "--base", "0", "--root", "0",
                "--limit", Long.toString(limit));
        CliRun one = run(args, List.of(), "1");
        assertEquals(0, one.status(), one.err());
        // A PD's 512 leaves follow on in physical memory (one range), the next PD starts at pa 0 again.
        assertTrue(one.out().lines().toList().getLast().startsWith((limit + 511) / 512 + " ranges, "), one.out().lines().toList().getLast());
        assertEquals("ptdesc: stopped after --limit " + limit + " leaves; the range maps more\n", one.err());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> sameOnEveryThreadCount(args, List.of(), one));

        List<String> toEntry5 = List.of("walk", "--desc", CliTest.X86, "--image", raw.toString(), "--base", "0", "--root", "0",
                "--to", hex((6L << 39) - 1));
        CliRun whole = run(toEntry5, List.of(), "1");
        assertEquals(0, whole.status(), whole.err());
        List<String> lines = whole.out().lines().toList();
        // Entry 5's last GiB: its PD's 512 leaves of 2 MiB from pa 0; 512 ranges of 1 GiB an entry, 5 entries.
        String last = lines.get(lines.size() - 2);
        assertTrue(last.startsWith("0x000002ffc0000000 0x000002ffffffffff 0x0000000000000000      1 GiB    512  PD "), last);
        assertEquals("2560 ranges, 2.5 TiB mapped", lines.getLast());
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> sameOnEveryThreadCount(toEntry5, List.of(), whole));

        // Nor may the empty tables outlast a reader that closed the pipe after the first lines.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String threads : List.of("1", "2", "3", "8")) {
                CliRun closed = CliRun.writingTo(new ShortStream(1000, "Broken pipe"), "walk", "--desc", CliTest.X86, "--image",
                        raw.toString(), "--base", "0", "--root", "0", "--threads", threads);
                assertEquals(ExitStatus.CLOSED_PIPE.code(), closed.status(), "--threads " + threads + ": " + closed.err());
                assertEquals("", closed.err(), "--threads " + threads);
            }
        });
    }

    /**
     * Standard output that fails after some bytes (a full disk) or is closed by its reader (a
     * pipe): the same exit status and standard error on every thread count, what was written
     * is the start of the listing, and a closed pipe ends the command quietly.
     */
    @Test
    void aFailingStandardOutputEndsTheWalkAlikeOnEveryThreadCount() throws IOException {
        Path raw = tmp.resolve("x86-out.raw");
        Files.write(raw, new X86Builder(new Random(0x0f11L), 60).build());
        String[] walk = {"walk", "--desc", CliTest.X86, "--image", raw.toString(), "--base", "0", "--root", "0", "--faults"};
        for (String format : List.of("tsv", "text")) {
            String full = CliRun.of(CliTest.concat(walk, "--format", format, "--threads", "1")).out();
            assertTrue(full.length() > 200_000, full.length() + " characters");
            for (String message : List.of("No space left on device", "Broken pipe")) {
                for (int accepted : new int[] {0, 100, 40_000, 150_000}) {
                    CliRun one = null;
                    for (String threads : List.of("1", "2", "3", "8")) {
                        ShortStream out = new ShortStream(accepted, message);
                        CliRun run = CliRun.writingTo(out, CliTest.concat(walk, "--format", format, "--threads", threads));
                        String what = format + ", " + message + " after " + accepted + " bytes, --threads " + threads;
                        assertTrue(full.startsWith(out.written.toString(java.nio.charset.StandardCharsets.UTF_8)), what);
                        if (one == null) {
                            one = run;
                            boolean pipe = message.equals("Broken pipe");
                            assertEquals(pipe ? ExitStatus.CLOSED_PIPE.code() : 3, run.status(), what + ": " + run.err());
                            if (pipe) {
                                assertEquals("", run.err(), what);
                            }
                        } else {
                            assertEquals(one.status(), run.status(), what);
                            assertEquals(one.err(), run.err(), what);
                        }
                    }
                }
            }
        }
    }

    /** Takes whole writes while they fit in {@code room} bytes, then fails every write with {@code message}. */
    private static final class ShortStream extends java.io.OutputStream {
        final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
        private final int room;
        private final String message;

        ShortStream(int room, String message) {
            this.room = room;
            this.message = message;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written.size() + len > room) {
                throw new IOException(message);
            }
            written.write(b, off, len);
        }
    }

    /**
     * Faults whose messages hold characters that are escaped (a bidirectional override, a C1
     * control, DEL), characters that are not (an accented letter, an emoji outside the BMP),
     * and, in a second tree, 9000 characters: every piece of that tree keeps more text than a
     * piece may ({@link ListingText#KEPT_MOST}) and is listed again. The escapes are the ones
     * {@link ControlCharacters} documents, written out by hand here.
     */
    @Test
    void faultMessagesEscapedAlikeAndPiecesTooLongToKeep() throws IOException {
        String odd = "\u00e9\ud83d\ude00\u202e\u0085\u007f end";
        String escaped = "\u00e9\ud83d\ude00\\u202e\\x85\\x7f end";
        for (String message : List.of(odd, "x".repeat(9000))) {
            Path desc = HostileTrees.descriptor(tmp, "msgs.ptdesc", """
                    tree msgs {
                        address 30 bits;
                        offset 12 bits;
                        entry 64 bits;
                        root r = r;
                        level A bits 9 {
                            invalid when !entry[0];
                            fault "A %s" when entry[1] && !entry[2];
                            table -> entry[29:12] << 12;
                        }
                        level B bits 9 {
                            invalid when !entry[0];
                            fault "B %s" when entry[1];
                            leaf -> entry[29:12] << 12;
                        }
                    }
                    """.formatted(message, message));
            // A at 0: entries 0 to 2 lead to B tables, entry 3 faults, entries 4 to 39 lead to one more
            // B table each; B entries: a page, a fault, or nothing; with the long message only three
            // B tables, all of whose entries fault.
            Random random = new Random(0xfa17L);
            int tablesOfB = message.length() > 100 ? 3 : 40;
            long[] image = new long[512 * (tablesOfB + 1)];
            for (int i = 0; i <= tablesOfB; i++) {
                if (i == 3) {
                    image[i] = 0x3;
                } else if (i < tablesOfB) {
                    image[i] = 0x1000L * (i + 1) | 0x5;
                }
            }
            for (int t = 1; t <= tablesOfB; t++) {
                for (int j = 0; j < 512; j++) {
                    int r = random.nextInt(10);
                    image[512 * t + j] = tablesOfB == 3 ? 0x3 : r < 5 ? 0x1000L * (j + t) | 1 : r < 8 ? 0x3 : 0;
                }
            }
            Path raw = HostileTrees.entries(tmp, "msgs.raw", image);
            List<String> args = List.of("walk", "--desc", desc.toString(), "--image", raw.toString(), "--base", "0", "--root", "0");
            assertTrue(pieces(desc, "msgs", raw, new long[] {0}, 0, -1L).size() >= 3, "the range is cut");
            for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text", "--faults"),
                    List.of("--format", "text"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                if (message.equals(odd) && format.contains("--faults")) {
                    assertTrue(one.out().contains("B " + escaped), one.out().lines().limit(5).toList().toString());
                    assertTrue(one.out().contains("A " + escaped), "the fault of A's entry 3");
                }
                if (!message.equals(odd) && format.contains("--faults")) {
                    // Every B table (one a piece, as cut first) holds 512 faults of 9000 characters, 4.6 MB.
                    assertTrue(one.out().length() > 3 * ListingText.KEPT_MOST, one.out().length() + " characters");
                }
                sameOnEveryThreadCount(args, format, one);
            }
        }
    }

    /**
     * A tree whose rules read the walked address at every level (a fault on an address bit, an
     * attribute taken from address bits below the entry's span, which a walk starting inside
     * the span sees differently): random shared tables, walked from and to random addresses
     * inside entries, cut only where the whole walk would decide alike.
     */
    @Test
    void rulesThatReadTheAddress() throws IOException {
        Path desc = HostileTrees.descriptor(tmp, "vread.ptdesc", """
                tree vread {
                    address 39 bits;
                    offset 12 bits;
                    entry 64 bits;
                    root r = r;
                    attribute low : set "va[13] where the walk met the entry.";
                    attribute odd : or "va[31] of a table entry.";
                    level A bits 9 {
                        invalid when !entry[0];
                        fault "odd gigabyte" when va[31] && entry[2];
                        table -> entry[14:12] << 12 with odd = va[31];
                    }
                    level B bits 9 {
                        invalid when !entry[0];
                        leaf when entry[7] -> entry[38:21] << 21 with low = va[13];
                        table -> entry[14:12] << 12;
                    }
                    level C bits 9 {
                        invalid when !entry[0];
                        fault "odd page" when va[12] && entry[2] && entry[3];
                        leaf -> entry[38:12] << 12 with low = va[13];
                    }
                }
                """);
        Random random = new Random(0x7ea0L);
        int oddFaults = 0;
        int cut = 0;
        for (int t = 0; t < 4; t++) {
            long[] image = new long[8 * 512];
            for (int i = 0; i < image.length; i++) {
                if (random.nextInt(4) != 0) {
                    long next = random.nextInt(8);
                    image[i] = (i % 512 < 256 ? next << 12 : (long) (i % 512) << 21 | random.nextInt(3) << 12) | 1
                            | (random.nextInt(8) == 0 ? 0x80 : 0) | (random.nextBoolean() ? 4 : 0) | (random.nextBoolean() ? 8 : 0);
                }
            }
            Path raw = HostileTrees.entries(tmp, "vread" + t + ".raw", image);
            long from = random.nextBoolean() ? 0 : random.nextLong() & 0x7f_ffff_ffffL;
            long to = random.nextBoolean() ? -1L : from + (random.nextLong() >>> (26 + random.nextInt(10)));
            List<String> args = List.of("walk", "--desc", desc.toString(), "--image", raw.toString(), "--base", "0",
                    "--root", "0", "--from", hex(from), "--to", hex(to), "--limit", "8000");
            try (Arena arena = Arena.ofShared()) {
                TreeWalker walker = Ptdesc.load(desc, "vread");
                PhysicalMemory mem = PhysicalMemory.raw(raw, 0, arena);
                cut += new ParallelWalk(walker, 2).pieces(mem, new long[] {0}, from, to).size() >= 3 ? 1 : 0;
            }
            for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text", "--faults"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                oddFaults += one.out().contains("odd page") && one.out().contains("odd gigabyte") ? 1 : 0;
                sameOnEveryThreadCount(args, format, one);
            }
        }
        assertTrue(cut >= 2, cut + " walks cut in three pieces or more");
        assertTrue(oddFaults >= 2, oddFaults + " listings with both faults on address bits");
    }

    /**
     * Bundled kernel images from an address inside a table, to the end or to an address inside
     * another, with limits: what the pieces' first and last tables hold is cut by the range.
     */
    @Test
    void bundledKernelsFromAndToInsideTables() throws IOException {
        String[][] cases = {{"arm64-4k48-nokaslr-kernel", "aarch64_4k.ptdesc", "0xffff000000401234", "0xffff00000c003fff"},
            {"x86_64-4l-nokaslr-kernel", "x86_64.ptdesc", "0xffffffff81000800", "0xffffffffffffffff"}};
        for (String[] c : cases) {
            Path dir = InfoCommandTest.IMAGES.resolve(c[0]);
            List<String> args = new ArrayList<>(List.of("walk", "--desc", CliTest.DESCRIPTORS.resolve(c[1]).toString(), "--image",
                    dir.resolve("dump.elf.gz").toString(), "--from", c[2], "--to", c[3]));
            for (String line : Files.readAllLines(dir.resolve("root.txt"))) {
                if (line.matches("(cr3|ttbr[01]_el1)=.*")) {
                    args.addAll(List.of("--root", line.substring(line.indexOf('=') + 1)));
                }
            }
            for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text", "--limit", "3000"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                // TSV: a row a leaf; text: the header, ranges, the summary.
                assertTrue(one.out().lines().count() > (format.contains("tsv") ? 20 : 2), c[0] + " maps something from " + c[2]);
                sameOnEveryThreadCount(args, format, one);
            }
        }
    }

    private void sameOnEveryThreadCount(List<String> args, List<String> format, CliRun one) {
        for (String threads : THREADS) {
            CliRun many = run(args, format, threads);
            String what = String.join(" ", args.subList(5, args.size())) + " " + format + " --threads " + threads;
            assertEquals(one.status(), many.status(), what);
            assertEquals(one.out(), many.out(), what);
            assertEquals(one.err(), many.err(), what);
        }
    }

    private static CliRun run(List<String> args, List<String> format, String threads) {
        List<String> all = new ArrayList<>(args);
        all.addAll(format);
        all.addAll(List.of("--threads", threads));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /**
     * The pieces a walk on several threads cuts {@code first..last} into, as
     * {@code {first, last, leaves up to its end}}, counted by the walk itself.
     */
    private static List<long[]> pieces(Path desc, String tree, Path raw, long[] roots, long first, long last) throws IOException {
        try (Arena arena = Arena.ofShared()) { // the walk's helpers read it too
            TreeWalker walker = Ptdesc.load(desc, tree);
            PhysicalMemory mem = PhysicalMemory.raw(raw, 0, arena);
            List<long[]> pieces = new ArrayList<>();
            long[] sum = {0};
            new PieceWalk(walker, 2).walk(mem, roots, first, last, new PieceWalk.Pieces<LeafCount>() {
                @Override
                public LeafCount open(long from, long to) {
                    return new LeafCount();
                }

                @Override
                public boolean close(LeafCount count, long from, long to) {
                    sum[0] += count.leaves;
                    pieces.add(new long[] {from, to, sum[0]});
                    return true;
                }
            });
            return pieces;
        }
    }

    private static final class LeafCount implements WalkVisitor {
        long leaves;

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            leaves++;
            return true;
        }
    }

    /** Two levels of 16 entries over 64 bits (2^60 and 2^56 bytes an entry); tables are 128 bytes. */
    private Path sixteenBySixteen() throws IOException {
        return HostileTrees.descriptor(tmp, "huge.ptdesc", """
                tree huge {
                    address 64 bits;
                    offset 56 bits;
                    entry 64 bits;
                    root r = r;
                    level A bits 4 {
                        invalid when !entry[0];
                        table -> entry[31:7] << 7;
                    }
                    level B bits 4 {
                        invalid when !entry[0];
                        leaf -> entry[63:56] << 56;
                    }
                }
                """);
    }

    /**
     * Builds a tree of 4 KiB tables of 512 64-bit entries from physical 0, depth first, no table
     * shared: most leaves map their own address (superpages where the level allows them), runs
     * of them share their attributes, so they coalesce; a few are moved or differ, a few table
     * entries point outside the image.
     */
    private abstract static class TableBuilder {
        static final long OUTSIDE = 0x7fff_f000L;
        final Random random;
        final int mostTables;
        final ByteBuffer image;
        int tables;

        TableBuilder(Random random, int mostTables) {
            this.random = random;
            this.mostTables = mostTables;
            this.image = ByteBuffer.allocate(mostTables * 4096).order(ByteOrder.LITTLE_ENDIAN);
        }

        byte[] build() {
            tables = 1;
            fill(0, 0, 0);
            return java.util.Arrays.copyOf(image.array(), tables * 4096);
        }

        private void fill(int level, long table, long vaBase) {
            long attrs = 0;
            long moved = 0;
            for (int i = 0; i < 512; i++) {
                long va = vaBase + ((long) i << (39 - 9 * level));
                int r = random.nextInt(100);
                if (random.nextInt(40) == 0) {
                    attrs = random.nextInt(3);
                }
                if (random.nextInt(60) == 0) {
                    moved = random.nextBoolean() ? 0 : 0x4000_0000L;
                }
                long e;
                if (r < emptyPercent(level)) {
                    e = 0;
                } else if (level < 3 && r < emptyPercent(level) + tablePercent(level) && tables < mostTables) {
                    long child = 4096L * tables++;
                    e = table(child);
                    fill(level + 1, child, va);
                } else if (level < 3 && random.nextInt(30) == 0) {
                    e = table(OUTSIDE);
                } else if (level > 0) {
                    e = leaf(level, (va & 0x0000_7fff_ffff_ffffL) + moved, attrs);
                } else {
                    e = 0;
                }
                image.putLong((int) table + 8 * i, e);
            }
        }

        /** Percent of a level's entries left empty (the rest are tables, then leaves). */
        private static int emptyPercent(int level) {
            return new int[] {97, 50, 30, 15}[level];
        }

        /** Percent of a level's entries that are tables (past the empty ones). */
        private static int tablePercent(int level) {
            return new int[] {3, 15, 12, 0}[level];
        }

        abstract long table(long pa);

        abstract long leaf(int level, long pa, long attrs);
    }

    /** x86-64 4-level: present, RW and US in tables, PS for 1 GiB and 2 MiB leaves, NX or RW varied in runs. */
    private static final class X86Builder extends TableBuilder {
        X86Builder(Random random, int mostTables) {
            super(random, mostTables);
        }

        @Override
        long table(long pa) {
            return pa | 0x7;
        }

        @Override
        long leaf(int level, long pa, long attrs) {
            long flags = 0x1 | (attrs == 1 ? 0 : 0x2) | 0x4 | (attrs == 2 ? 1L << 63 : 0);
            return level == 3 ? pa | flags : pa | flags | 0x80;
        }
    }

    /** AArch64 4 KiB granule: table descriptors 0b11, blocks 0b01 at L1 and L2, pages 0b11 at L3; AF set, AP or UXN varied. */
    private static final class Aarch64Builder extends TableBuilder {
        Aarch64Builder(Random random, int mostTables) {
            super(random, mostTables);
        }

        @Override
        long table(long pa) {
            return pa | 0x3;
        }

        @Override
        long leaf(int level, long pa, long attrs) {
            long flags = 1L << 10 | (attrs == 1 ? 1L << 7 : 0) | (attrs == 2 ? 1L << 54 : 0);
            return level == 3 ? pa | flags | 0x3 : pa | flags | 0x1;
        }
    }
}
