package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.ParallelWalk;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageLimits;

/**
 * {@code ptdesc walk --threads N} writes exactly what one thread writes, to the byte, on
 * standard output and standard error: on every bundled image (TSV with faults, and text), and
 * on random x86-64 trees whose tables point into each other (so they map very much, and are
 * walked with {@code --limit} and random ranges).
 */
class WalkThreadsTest {

    @ParameterizedTest
    @CsvSource({
        "x86_64-4l-nokaslr-user, x86_64.ptdesc",
        "x86_64-4l-nokaslr-idle, x86_64.ptdesc",
        "x86_64-4l-nokaslr-kernel, x86_64.ptdesc",
        "arm64-4k48-nokaslr-kernel, aarch64_4k.ptdesc",
        "riscv64-sv39-synthetic, riscv_sv39.ptdesc"})
    void bundledImagesWalkTheSameOnEveryThreadCount(String kase, String descriptor) throws IOException {
        Path dir = InfoCommandTest.IMAGES.resolve(kase);
        List<String> args = new ArrayList<>(List.of("walk", "--desc", CliTest.DESCRIPTORS.resolve(descriptor).toString(),
                "--image", dir.resolve("dump.elf.gz").toString()));
        for (String line : Files.readAllLines(dir.resolve("root.txt"))) {
            if (line.matches("(cr3|satp|ttbr[01]_el1)=.*")) {
                args.addAll(List.of("--root", line.substring(line.indexOf('=') + 1)));
            }
        }
        // The walk is really cut, or the comparison proves nothing.
        List<Long> roots = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--root")) {
                roots.add(Long.parseUnsignedLong(args.get(i + 1).substring(2), 16));
            }
        }
        String tree = descriptor.substring(0, descriptor.indexOf('.'));
        try (Arena arena = Arena.ofConfined()) {
            PhysicalMemory mem = ImageFile.open(dir.resolve("dump.elf.gz"), arena, ImageLimits.DEFAULT).memory();
            TreeWalker walker = Ptdesc.load(CliTest.DESCRIPTORS.resolve(descriptor), tree);
            long[] registers = roots.stream().mapToLong(Long::longValue).toArray();
            List<long[]> pieces = new ParallelWalk(walker, 2).pieces(mem, registers, 0, -1L);
            assertTrue(pieces.size() >= 4, kase + " is cut in pieces");
            // Balanced by what is populated: no piece holds half the leaves.
            long all = 0;
            long most = 0;
            for (long[] piece : pieces) {
                long[] leaves = {0};
                walker.walk(mem, registers, piece[0], piece[1], (va, pa, size, level, entry, attributes) -> ++leaves[0] > 0);
                all += leaves[0];
                most = Math.max(most, leaves[0]);
            }
            assertTrue(all > 1000 && most < all / 2, kase + ": " + most + " of " + all + " leaves in one piece");
        }
        for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text"))) {
            CliRun one = run(args, format, "1");
            assertEquals(0, one.status(), one.err());
            assertTrue(one.out().lines().count() > 20, kase + " maps something: " + one.out());
            for (String threads : List.of("2", "3", "8")) {
                CliRun many = run(args, format, threads);
                assertEquals(one.status(), many.status(), kase + " --threads " + threads);
                assertEquals(one.out(), many.out(), kase + " --threads " + threads + " " + format);
                assertEquals(one.err(), many.err(), kase + " --threads " + threads + " " + format);
            }
        }
    }

    @Test
    void randomTreesWalkTheSameOnEveryThreadCount(@TempDir Path tmp) throws IOException {
        Random random = new Random(0x7e4d5L);
        int compared = 0;
        for (int t = 0; t < 12; t++) {
            Path image = randomTree(tmp.resolve("tree" + t + ".raw"), random);
            long first = random.nextBoolean() ? 0 : random.nextLong() & 0x0000_7fff_ffff_f000L;
            long last = random.nextBoolean() ? -1L : first + (random.nextLong() >>> (20 + random.nextInt(30)));
            List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", image.toString(), "--base", "0",
                    "--root", "0x0", "--from", "0x" + Long.toHexString(first), "--to", "0x" + Long.toHexString(last),
                    "--limit", String.valueOf(1 + random.nextInt(30_000)));
            for (List<String> format : List.of(List.of("--format", "tsv", "--faults"), List.of("--format", "text", "--faults"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                for (String threads : List.of("2", "4")) {
                    CliRun many = run(args, format, threads);
                    assertEquals(one.status(), many.status());
                    assertEquals(one.out(), many.out(), "tree " + t + " --threads " + threads + " " + format);
                    assertEquals(one.err(), many.err(), "tree " + t + " --threads " + threads + " " + format);
                    compared++;
                }
            }
        }
        assertEquals(48, compared);
    }

    /**
     * One range of 32 768 pages that follow on in physical memory, through 64 page tables: cut
     * into pieces, it is still one line, as one thread writes it (hand-computed), and a limit
     * falling inside a piece stops it at the same page.
     */
    @Test
    void aRangeAcrossPiecesIsOneLine(@TempDir Path tmp) throws IOException {
        // Tables: PML4 at 0, PDPT at 0x1000, PD at 0x2000, page tables from 0x3000; pages from 16 MiB.
        ByteBuffer b = ByteBuffer.allocate(67 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 0x1000 | 3);
        b.putLong(0x1000, 0x2000 | 3);
        for (int t = 0; t < 64; t++) {
            b.putLong(0x2000 + 8 * t, 0x3000 + 0x1000L * t | 3);
            for (int i = 0; i < 512; i++) {
                b.putLong(0x3000 + 0x1000 * t + 8 * i, 0x100_0000 + 0x1000L * (512 * t + i) | 3);
            }
        }
        Path image = tmp.resolve("contiguous.raw");
        Files.write(image, b.array());
        List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", image.toString(), "--base", "0", "--root", "0x0");
        try (Arena arena = Arena.ofConfined()) {
            TreeWalker walker = Ptdesc.load(Path.of(CliTest.X86), "x86_64");
            PhysicalMemory mem = PhysicalMemory.raw(image, 0, arena);
            assertTrue(new ParallelWalk(walker, 2).pieces(mem, new long[] {0}, 0, -1L).size() >= 4, "the range is cut");
        }
        CliRun one = run(args, List.of(), "1");
        assertEquals(0, one.status(), one.err());
        List<String> lines = one.out().lines().toList();
        assertEquals(3, lines.size(), one.out());
        assertTrue(lines.get(1).startsWith("0x0000000000000000 0x0000000007ffffff 0x0000000001000000    128 MiB  32768  PT "),
                lines.get(1));
        assertEquals("1 range, 128 MiB mapped", lines.get(2));
        CliRun limited = run(args, List.of("--limit", "20000"), "1");
        assertTrue(limited.out().lines().toList().get(1)
                .startsWith("0x0000000000000000 0x0000000004e1ffff 0x0000000001000000   78.1 MiB  20000  PT "), limited.out());
        for (String threads : List.of("2", "4")) {
            CliRun many = run(args, List.of(), threads);
            assertEquals(one.out(), many.out(), "--threads " + threads);
            assertEquals(one.err(), many.err(), "--threads " + threads);
            CliRun manyLimited = run(args, List.of("--limit", "20000"), threads);
            assertEquals(limited.out(), manyLimited.out(), "--limit, --threads " + threads);
            assertEquals(limited.err(), manyLimited.err(), "--limit, --threads " + threads);
        }
    }

    /**
     * Trees that map 2^36 pages, listed up to a limit on two threads: the one-thread listing,
     * in TSV and in text, where each line holds one page or coalesces 512. (That a piece stops
     * at the limit or at the most text it may keep, and is then listed again, is tested piece
     * by piece in {@link ListingPiecesTest}.)
     */
    @Test
    void piecesOfTreesThatMapWithoutEndStop(@TempDir Path tmp) throws IOException {
        for (Path raw : List.of(HostileTrees.selfReferencingX86(tmp), HostileTrees.sharedTablesX86(tmp))) {
            List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", raw.toString(), "--base", "0", "--root", "0");
            // 200 000 TSV lines are about 6 MB: more than a piece may keep.
            for (List<String> format : List.of(List.of("--format", "tsv", "--limit", "200000"),
                    List.of("--format", "text", "--limit", "1000"), List.of("--format", "text", "--limit", "200000"))) {
                CliRun one = run(args, format, "1");
                assertEquals(0, one.status(), one.err());
                assertTrue(one.err().contains("stopped after --limit"), one.err());
                CliRun two = run(args, format, "2");
                assertEquals(one.out(), two.out(), raw.getFileName() + " " + format);
                assertEquals(one.err(), two.err(), raw.getFileName() + " " + format);
            }
        }
    }

    /**
     * Without {@code --threads}: every core for a range of at least
     * {@link WalkCommand#TABLES_FOR_THREADS} page tables (the hostile trees, whose walks enter
     * millions), one thread below (the largest bundled image, whose tables are counted here
     * independently: every {@code pre} of a walk that enters them all); the output is the
     * one-thread output either way.
     */
    @Test
    void withoutThreadsOnlyLargeRangesAreSplit(@TempDir Path tmp) throws IOException {
        TreeWalker x86 = Ptdesc.load(Path.of(CliTest.X86), "x86_64");
        TreeWalker interpreted = new Interpreter(
                Ptdesc.compile(Path.of(CliTest.X86), Map.of()).tree("x86_64").orElseThrow());
        for (Path raw : List.of(HostileTrees.selfReferencingX86(tmp), HostileTrees.sharedTablesX86(tmp))) {
            try (Arena arena = Arena.ofConfined()) {
                PhysicalMemory mem = PhysicalMemory.raw(raw, 0, arena);
                for (TreeWalker engine : List.of(x86, interpreted)) {
                    assertTrue(TableCount.atLeast(engine, mem, new long[] {0}, 0, -1L, WalkCommand.TABLES_FOR_THREADS), raw.toString());
                }
            }
            List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", raw.toString(), "--base", "0", "--root", "0",
                    "--format", "tsv", "--limit", "100000");
            CliRun one = run(args, List.of(), "1");
            CliRun unasked = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, one.status(), one.err());
            assertEquals(one.out(), unasked.out(), raw.getFileName().toString());
            assertEquals(one.err(), unasked.err(), raw.getFileName().toString());
        }
        Path dir = InfoCommandTest.IMAGES.resolve("x86_64-4l-nokaslr-user");
        long cr3 = Long.decode(Files.readAllLines(dir.resolve("root.txt")).stream().filter(l -> l.startsWith("cr3="))
                .findFirst().orElseThrow().substring(4));
        try (Arena arena = Arena.ofConfined()) {
            PhysicalMemory mem = ImageFile.open(dir.resolve("dump.elf.gz"), arena, ImageLimits.DEFAULT).memory();
            long[] tables = {0};
            x86.walk(mem, new long[] {cr3}, 0, -1L, new WalkVisitor() {
                @Override
                public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                    return true;
                }

                @Override
                public Action pre(long first, long last, int level, long table) {
                    tables[0]++;
                    return Action.CONTINUE;
                }
            });
            assertTrue(tables[0] > 2000 && tables[0] < WalkCommand.TABLES_FOR_THREADS, tables[0] + " tables");
            for (TreeWalker engine : List.of(x86, interpreted)) {
                assertTrue(TableCount.atLeast(engine, mem, new long[] {cr3}, 0, -1L, tables[0]));
                assertFalse(TableCount.atLeast(engine, mem, new long[] {cr3}, 0, -1L, tables[0] + 1));
            }
        }
        List<String> args = List.of("walk", "--desc", CliTest.X86, "--image", dir.resolve("dump.elf.gz").toString(),
                "--root", "0x" + Long.toHexString(cr3), "--format", "tsv", "--faults");
        CliRun one = run(args, List.of(), "1");
        CliRun unasked = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, one.status(), one.err());
        assertEquals(one.out(), unasked.out());
        assertEquals(one.err(), unasked.err());
    }

    @Test
    void threadsMustBeAtLeastOne() {
        CliRun run = CliRun.of("walk", "--desc", CliTest.X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3, "--threads", "0");
        assertEquals(2, run.status());
        assertTrue(run.err().contains("--threads must be at least 1, not 0"), run.err());
        // Walks not split yet say so rather than run on one thread when asked for more.
        CliRun access = CliRun.of("walk", "--desc", CliTest.X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3,
                "--access", "read", "--threads", "2");
        assertEquals(2, access.status());
        assertEquals("", access.out());
        assertTrue(access.err().contains("--threads cannot be combined with --access yet"), access.err());
        CliRun nested = CliRun.of("walk", "--desc", CliTest.X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3,
                "--stage2", CliTest.DESCRIPTORS.resolve("intel_ept.ptdesc").toString(), "--stage2-root", "0x101e", "--threads", "2");
        assertEquals(2, nested.status());
        assertEquals("", nested.out());
        assertTrue(nested.err().contains("--threads cannot be combined with --stage2 yet"), nested.err());
        // One thread is one thread: asked for explicitly, they walk.
        assertEquals(0, CliRun.of("walk", "--desc", CliTest.X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3,
                "--access", "read", "--threads", "1", "--limit", "5").status());
    }

    private static CliRun run(List<String> args, List<String> format, String threads) {
        List<String> all = new ArrayList<>(args);
        all.addAll(format);
        all.addAll(List.of("--threads", threads));
        return CliRun.of(all.toArray(String[]::new));
    }

    /**
     * Eight 4 KiB tables from physical 0: a third of the entries not present, the rest present
     * with random R/W, U/S, PS, G and XD bits, pointing at one of the eight tables (so tables
     * are shared and the tree maps far more than it holds), a few at frames outside the image.
     */
    private static Path randomTree(Path file, Random random) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 8 * 512; i++) {
            long e = 0;
            if (random.nextInt(3) != 0) {
                long frame = random.nextInt(50) == 0 ? 0x100 + random.nextInt(1000) : random.nextInt(8);
                e = frame << 12 | 1 | (random.nextBoolean() ? 2 : 0) | (random.nextBoolean() ? 4 : 0)
                        | (random.nextInt(6) == 0 ? 0x80 : 0) | (random.nextBoolean() ? 0x100 : 0)
                        | (random.nextInt(4) == 0 ? 1L << 63 : 0);
            }
            b.putLong(e);
        }
        Files.write(file, b.array());
        return file;
    }
}
