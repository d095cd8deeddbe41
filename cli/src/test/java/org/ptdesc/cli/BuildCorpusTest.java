package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The real corpus round trip: every bundled QEMU image walked as TSV, rebuilt with
 * {@code ptdesc build}, and walked again gives the same TSV, byte for byte; the rebuilt tree
 * uses no more table pages than the original (tables counted as distinct addresses of the
 * walk's pre events). The generated mapper builds it; the reference mapper must build the same
 * bytes.
 */
class BuildCorpusTest {

    static final Path IMAGES = Path.of("..", "samples", "images");

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("x86_64-4l-nokaslr-user", "x86_64", List.of("0x636e000")),
                Arguments.of("x86_64-4l-nokaslr-kernel", "x86_64", roots("x86_64-4l-nokaslr-kernel", "cr3")),
                Arguments.of("x86_64-4l-nokaslr-idle", "x86_64", roots("x86_64-4l-nokaslr-idle", "cr3")),
                Arguments.of("arm64-4k48-nokaslr-kernel", "aarch64_4k",
                        roots("arm64-4k48-nokaslr-kernel", "ttbr0_el1", "ttbr1_el1")),
                Arguments.of("riscv64-sv39-synthetic", "riscv_sv39", roots("riscv64-sv39-synthetic", "satp")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void walkBuildWalkGivesTheSameTsv(String image, String tree, List<String> roots) throws IOException {
        String desc = Path.of("..", "samples", "descriptors", tree + ".ptdesc").toString();
        String dump = IMAGES.resolve(image).resolve("dump.elf.gz").toString();
        CliRun original = CliRun.of(args("walk", desc, dump, null, roots));
        assertEquals(0, original.status(), original.err());
        assertTrue(original.out().lines().count() > 100, "a real tree");
        Path tsv = tmp.resolve("mappings.tsv");
        Files.writeString(tsv, original.out());

        Path built = tmp.resolve("built.img");
        CliRun build = CliRun.of("build", "--desc", desc, "--mappings", tsv.toString(), "--out", built.toString(),
                "--base", "0x100000");
        assertEquals(0, build.status(), build.err());
        List<String> newRoots = build.out().lines().map(l -> l.substring("root ".length())).toList();
        // Both engines build the same image, byte for byte.
        Path interpreted = tmp.resolve("interpreted.img");
        CliRun reference = CliRun.of("build", "--desc", desc, "--mappings", tsv.toString(), "--out",
                interpreted.toString(), "--base", "0x100000", "--interpret");
        assertEquals(0, reference.status(), reference.err());
        assertEquals(build.out(), reference.out());
        assertEquals(-1L, Files.mismatch(built, interpreted), "generated and interpreted mappers build the same image");
        assertEquals(roots.size(), newRoots.size(), build.out());

        CliRun again = CliRun.of(args("walk", desc, built.toString(), "0x100000", newRoots));
        assertEquals(0, again.status(), again.err());
        assertEquals(original.out(), again.out(), "walk, build, walk: the same TSV");

        int before = tables(desc, tree, PhysicalMemory.open(Path.of(dump)), roots);
        int after = tables(desc, tree, PhysicalMemory.raw(built, 0x100000), newRoots);
        assertTrue(after <= before, "rebuilt tables " + after + " <= original " + before);
        assertEquals(Files.size(built), 4096L * after, "the image is the tables, nothing else");
    }

    private static String[] args(String command, String desc, String image, String base, List<String> roots) {
        List<String> a = new ArrayList<>(List.of(command, "--desc", desc, "--image", image, "--format", "tsv"));
        if (base != null) {
            a.add("--base");
            a.add(base);
        }
        for (String r : roots) {
            a.add("--root");
            a.add(r);
        }
        return a.toArray(String[]::new);
    }

    /** Distinct tables the walk enters. */
    private static int tables(String desc, String tree, PhysicalMemory mem, List<String> roots) {
        Interpreter walker = new Interpreter(Ptdesc.compile(Path.of(desc), Map.of()).tree(tree).orElseThrow());
        Set<Long> tables = new HashSet<>();
        long[] rs = roots.stream().mapToLong(r -> Long.parseUnsignedLong(r.substring(2), 16)).toArray();
        walker.walk(mem, rs, 0, -1L, new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                return true;
            }

            @Override
            public Action pre(long first, long last, int level, long table) {
                tables.add(table);
                return Action.CONTINUE;
            }
        });
        return tables.size();
    }

    private static List<String> roots(String image, String... registers) {
        try {
            List<String> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(IMAGES.resolve(image).resolve("root.txt"));
            for (String r : registers) {
                out.add(lines.stream().filter(l -> l.startsWith(r + "=")).findFirst().orElseThrow()
                        .substring(r.length() + 1).strip());
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
