package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.encode.EncodingDerivation;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.interp.MapperInterpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TablePool;

/**
 * walk, build, walk on every tree of every shipped descriptor: a random tree (every page size,
 * random attribute words, every root) made by the reference mapper into a raw image, listed by
 * {@code ptdesc walk --format tsv}, rebuilt by {@code ptdesc build}, and listed again: the same
 * TSV. Covers what the real corpus does not: 32-bit entries, concatenated and small top tables,
 * other roots' encodings, a software radix tree.
 */
class BuildEveryDescriptorTest {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> walkBuildWalk() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> files = Files.list(CliTest.DESCRIPTORS)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".ptdesc")).sorted().toList()) {
                for (WalkerIr ir : Ptdesc.compile(p, Map.of()).trees()) {
                    tests.add(DynamicTest.dynamicTest(ir.name(), () -> roundTrip(p, ir)));
                }
            }
        }
        return tests.stream();
    }

    private void roundTrip(Path desc, WalkerIr ir) throws IOException {
        MapperIr m = EncodingDerivation.derive(ir, new Diagnostics()).orElseThrow();
        MapperInterpreter mapper = new MapperInterpreter(m);
        Path image = tmp.resolve(ir.name() + ".img");
        long[] roots = new long[ir.roots().size()];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(4L << 20, 4096);
            PhysicalMemory mem = PhysicalMemory.of(segment);
            TablePool pool = new TablePool(mem, 0x10000, (4L << 20) - 0x10000);
            for (int r = 0; r < roots.length; r++) {
                roots[r] = mapper.newRoot(mem, r, pool);
            }
            SplittableRandom random = new SplittableRandom(ir.name().hashCode());
            int mapped = 0;
            for (int i = 0; i < 200 && mapped < 40; i++) {
                int l = random.nextInt(ir.levels().size());
                MapperIr.RuleEncoding leaf = m.levels().get(l).leaf();
                if (leaf == null) {
                    continue;
                }
                long span = ir.levels().get(l).span();
                int r = random.nextInt(roots.length);
                long first = Long.compareUnsigned(ir.roots().get(r).first(), ir.ranges().getFirst().first()) >= 0
                        ? ir.roots().get(r).first() : ir.ranges().getFirst().first();
                long va = (first + span - 1 & -span) + span * random.nextLong(64);
                long pa = random.nextLong() & leaf.address().sourceMask() & -span & 0xff_ffff_ffffL;
                long word = leaf.zeroWord() ^ (random.nextLong() & leaf.attributes().sourceMask());
                mapped += mapper.map(mem, roots, va, pa, span, word, span, 0, pool).ok() ? 1 : 0;
            }
            assertTrue(mapped >= 10, ir.name() + ": only " + mapped + " pages mapped");
            Files.write(image, segment.asSlice(0, pool.highWater()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        List<String> rootArgs = new ArrayList<>();
        for (long r : roots) {
            rootArgs.add("0x" + Long.toHexString(r));
        }
        CliRun before = walk(desc, ir.name(), image, "0x0", rootArgs);
        assertEquals(0, before.status(), before.err());
        assertTrue(before.out().lines().count() > 10, before.out());
        Path tsv = tmp.resolve(ir.name() + ".tsv");
        Files.writeString(tsv, before.out());
        Path built = tmp.resolve(ir.name() + ".built");
        CliRun build = CliRun.of("build", "--desc", desc.toString(), "--tree", ir.name(), "--mappings", tsv.toString(),
                "--out", built.toString(), "--base", "0x400000");
        assertEquals(0, build.status(), build.err());
        List<String> newRoots = build.out().lines().map(l -> l.substring("root ".length())).toList();
        CliRun after = walk(desc, ir.name(), built, "0x400000", newRoots);
        assertEquals(0, after.status(), after.err());
        assertEquals(before.out(), after.out());
    }

    private static CliRun walk(Path desc, String tree, Path image, String base, List<String> roots) {
        List<String> a = new ArrayList<>(List.of("walk", "--desc", desc.toString(), "--tree", tree, "--image",
                image.toString(), "--base", base, "--format", "tsv"));
        for (String r : roots) {
            a.add("--root");
            a.add(r);
        }
        return CliRun.of(a.toArray(String[]::new));
    }
}
