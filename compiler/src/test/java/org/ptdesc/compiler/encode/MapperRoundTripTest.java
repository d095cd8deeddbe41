package org.ptdesc.compiler.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.MapOutcome;
import org.ptdesc.runtime.TreeMapper;

/**
 * Round trips on every shipped descriptor, for each mapper engine: random mapping sets (every
 * page size, random attribute words), mapped, then walked and translated by the reference
 * walker and compared with what was mapped; then random unmaps and protects (splitting
 * superpages the ranges cut) compared with a model; finally everything unmapped, which must
 * free every table but the top ones.
 */
class MapperRoundTripTest {

    static final int MAPPINGS = 60;

    static Stream<Map.Entry<String, Function<MapperIr, TreeMapper>>> engines() {
        return MapperEngines.all().entrySet().stream();
    }

    @TestFactory
    Stream<DynamicTest> buildWalkUnmapProtect() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path p : ShippedEncodingsTest.descriptors()) {
            Compilation c = Ptdesc.compile(p, Map.of());
            for (WalkerIr ir : c.trees()) {
                MapperIr m = EncodingDerivation.derive(ir, new Diagnostics()).orElseThrow();
                engines().forEach(e -> tests.add(DynamicTest.dynamicTest(ir.name() + " " + e.getKey(),
                        () -> roundTrip(m, e.getValue().apply(m), ir.name().hashCode()))));
            }
        }
        return tests.stream();
    }

    static void roundTrip(MapperIr m, TreeMapper mapper, long seed) {
        roundTrip(m, mapper, seed, MAPPINGS / 2);
    }

    /** As above, requiring only {@code atLeast} mappings (a small random address space holds few). */
    static void roundTrip(MapperIr m, TreeMapper mapper, long seed, int atLeast) {
        WalkerIr ir = m.tree();
        SplittableRandom random = new SplittableRandom(seed);
        try (Arena arena = Arena.ofConfined()) {
            MappedTree tree = new MappedTree(ir, mapper, arena, 64L << 20);
            Model model = new Model();
            int mapped = 0;
            for (int attempt = 0; attempt < MAPPINGS * 20 && mapped < MAPPINGS; attempt++) {
                Model.Mapping want = randomMapping(m, random, model);
                if (want == null) {
                    continue;
                }
                long pageSize = random.nextInt(3) == 0 ? want.size() : 0;
                MapOutcome o = mapper.map(tree.mem, tree.roots, want.va(), want.pa(), want.size(), want.attributes(),
                        pageSize, 0, tree.pool);
                if (o.kind() == MapOutcome.Kind.NOT_ENCODABLE && o.level() < 0) {
                    continue; // an attribute word this tree has no leaf for (RISC-V R = W = X = 0)
                }
                assertTrue(o.ok(), () -> "map " + want + ": " + o);
                model.add(want);
                mapped++;
                // Mapping over it again is a conflict, never an overwrite.
                MapOutcome again = mapper.map(tree.mem, tree.roots, want.va(), want.pa(), want.size(),
                        want.attributes(), 0, 0, tree.pool);
                assertEquals(MapOutcome.Kind.CONFLICT, again.kind());
            }
            assertTrue(mapped >= atLeast, "only " + mapped + " mappings");
            assertEquals(model.runs(), tree.walk(), "walk after map");
            translations(ir, tree, model, random);

            for (int i = 0; i < 20 && !model.mappings.isEmpty(); i++) {
                Model.Mapping victim = model.pick(random);
                long unit = smallestPage(m);
                long first = victim.va() + unit * random.nextLong(victim.size() / unit);
                long size = unit * (1 + random.nextLong((victim.va() + victim.size() - first) / unit));
                if (random.nextBoolean()) {
                    MapOutcome o = mapper.unmap(tree.mem, tree.roots, first, size, tree.pool);
                    assertTrue(o.ok(), () -> "unmap: " + o);
                    model.unmap(first, size);
                } else {
                    long word = model.attributesLike(random);
                    MapOutcome o = mapper.protect(tree.mem, tree.roots, first, size, word, tree.pool);
                    assertTrue(o.ok(), () -> "protect: " + o);
                    model.protect(first, size, word);
                }
                assertEquals(model.runs(), tree.walk(), "walk after unmap/protect " + i);
            }
            translations(ir, tree, model, random);
            for (Model.Mapping left : List.copyOf(model.mappings)) {
                assertTrue(mapper.unmap(tree.mem, tree.roots, left.va(), left.size(), tree.pool).ok());
            }
            assertEquals(List.of(), tree.walk());
            assertEquals(ir.roots().size(), tree.pool.inUse(), "every table but the top ones is freed");
        }
    }

    private static void translations(WalkerIr ir, MappedTree tree, Model model, SplittableRandom random) {
        Interpreter walker = new Interpreter(ir);
        for (Model.Mapping x : model.mappings) {
            long va = x.va() + random.nextLong(x.size());
            assertEquals(x.pa() + (va - x.va()), walker.translate(tree.mem, tree.roots, va), "translate");
            assertEquals(x.attributes(), walker.translateDetailed(tree.mem, tree.roots, va).attributes());
        }
    }

    static long smallestPage(MapperIr m) {
        List<Level> levels = m.tree().levels();
        for (int l = levels.size() - 1; l >= 0; l--) {
            if (m.levels().get(l).leaf() != null) {
                return levels.get(l).span();
            }
        }
        throw new AssertionError();
    }

    /** A random page of a random page size at a free place, or null when the place was taken. */
    private static Model.Mapping randomMapping(MapperIr m, SplittableRandom random, Model model) {
        WalkerIr ir = m.tree();
        List<Integer> leafLevels = new ArrayList<>();
        for (int l = 0; l < ir.levels().size(); l++) {
            if (m.levels().get(l).leaf() != null) {
                leafLevels.add(l);
            }
        }
        // Favour small pages (big ones fill small address spaces quickly).
        int pick = leafLevels.get(leafLevels.size() - 1 - Math.min(leafLevels.size() - 1, random.nextInt(4) / 2));
        if (random.nextInt(6) == 0) {
            pick = leafLevels.get(random.nextInt(leafLevels.size()));
        }
        MapperIr.RuleEncoding leaf = m.levels().get(pick).leaf();
        long span = ir.levels().get(pick).span();
        List<long[]> places = new ArrayList<>();
        for (WalkerIr.AddressRange range : ir.ranges()) {
            for (var root : ir.roots()) {
                long a = Long.compareUnsigned(range.first(), root.first()) >= 0 ? range.first() : root.first();
                long b = Long.compareUnsigned(range.last(), root.last()) <= 0 ? range.last() : root.last();
                if (Long.compareUnsigned(a, b) <= 0) {
                    places.add(new long[] {a, b});
                }
            }
        }
        long[] place = places.get(random.nextInt(places.size()));
        long slots = Long.divideUnsigned(place[1] - place[0], span) + 1;
        if (slots == 0) {
            return null;
        }
        // Cluster the pages (two thirds in the first 1/4096 of the range) so that tables are shared.
        long bound = random.nextInt(3) == 0 ? slots : Math.max(1, slots >>> 12);
        long va = (place[0] + span - 1 & -span) + span * (bound < 0 ? random.nextLong() >>> 1 : random.nextLong(bound));
        if (Long.compareUnsigned(va + span - 1, place[1]) > 0 || Long.compareUnsigned(va, place[0]) < 0) {
            return null;
        }
        // Physical addresses every page size can hold, so that any page can be split.
        long holds = -1L;
        for (int l : leafLevels) {
            holds &= m.levels().get(l).leaf().address().sourceMask() | (ir.levels().get(l).span() - 1);
        }
        long pa = random.nextLong() & holds & -span & ((1L << 46) - 1);
        long word = leaf.zeroWord() ^ (random.nextLong() & leaf.attributes().sourceMask());
        Model.Mapping x = new Model.Mapping(va, pa, span, word);
        return model.overlaps(va, span) ? null : x;
    }

    /** What should be mapped: a list of page mappings, split by unmap and protect. */
    static final class Model {
        record Mapping(long va, long pa, long size, long attributes) {}

        final List<Mapping> mappings = new ArrayList<>();

        void add(Mapping x) {
            mappings.add(x);
        }

        boolean overlaps(long va, long size) {
            for (Mapping x : mappings) {
                if (Long.compareUnsigned(va, x.va() + x.size() - 1) <= 0 && Long.compareUnsigned(x.va(), va + size - 1) <= 0) {
                    return true;
                }
            }
            return false;
        }

        Mapping pick(SplittableRandom random) {
            return mappings.get(random.nextInt(mappings.size()));
        }

        long attributesLike(SplittableRandom random) {
            return pick(random).attributes();
        }

        void unmap(long first, long size) {
            replace(first, size, -1, true);
        }

        void protect(long first, long size, long word) {
            replace(first, size, word, false);
        }

        private void replace(long first, long size, long word, boolean remove) {
            List<Mapping> out = new ArrayList<>();
            long last = first + size - 1;
            for (Mapping x : mappings) {
                long xl = x.va() + x.size() - 1;
                if (Long.compareUnsigned(xl, first) < 0 || Long.compareUnsigned(x.va(), last) > 0) {
                    out.add(x);
                    continue;
                }
                long a = Long.compareUnsigned(x.va(), first) >= 0 ? x.va() : first;
                long b = Long.compareUnsigned(xl, last) <= 0 ? xl : last;
                if (Long.compareUnsigned(x.va(), a) < 0) {
                    out.add(new Mapping(x.va(), x.pa(), a - x.va(), x.attributes()));
                }
                if (!remove) {
                    out.add(new Mapping(a, x.pa() + (a - x.va()), b - a + 1, word));
                }
                if (Long.compareUnsigned(b, xl) < 0) {
                    out.add(new Mapping(b + 1, x.pa() + (b + 1 - x.va()), xl - b, x.attributes()));
                }
            }
            mappings.clear();
            mappings.addAll(out);
        }

        List<MappedTree.Run> runs() {
            List<MappedTree.Run> runs = new ArrayList<>();
            mappings.stream().sorted(Comparator.comparing(Mapping::va, Long::compareUnsigned))
                    .forEach(x -> runs.add(new MappedTree.Run(x.va(), x.pa(), x.size(), x.attributes())));
            return MappedTree.merge(runs);
        }
    }
}
