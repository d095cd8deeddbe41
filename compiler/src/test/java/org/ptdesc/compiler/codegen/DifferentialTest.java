package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;

/**
 * Differential test: generated walkers against the reference interpreter on random IRs
 * ({@link RandomIrs}), random trees (random memory, so every table is full of random entries,
 * some pointing outside memory), random addresses and random ranges, including ranges that
 * touch 0 and 2^64-1. Plain and detailed translations (every overload) and complete walk event
 * sequences, with random SKIP/STOP answers and early stops, must be identical.
 *
 * <p>The normal run makes well over a million translations in a few seconds. For a longer run:
 * {@code -Dptdesc.differential.trees=20000} (default 500), and
 * {@code -Dptdesc.differential.seed=N} to start from another seed (default fixed, so failures
 * reproduce; each failure message names the tree's own seed).
 */
class DifferentialTest {

    static final int TREES = Integer.getInteger("ptdesc.differential.trees", 500);
    static final long SEED = Long.getLong("ptdesc.differential.seed", 0x5eed_2026L);
    static final int TRANSLATIONS_PER_TREE = 1100;
    static final int WALKS_PER_TREE = 12;

    static TreeWalker oracle(WalkerIr ir) {
        return new Interpreter(ir);
    }

    @Test
    void generatedWalkersAgreeWithTheInterpreter() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        java.util.Map<String, Long> outcomes = new java.util.TreeMap<>();
        long translations = 0;
        long events = 0;
        for (int i = 0; i < TREES; i++) {
            long treeSeed = SEED + i;
            Case c = new Case(treeSeed, loader, outcomes);
            translations += c.translations();
            events += c.walks();
        }
        System.out.println("differential: " + TREES + " random trees, " + translations + " translations, " + events
                + " walk events compared; outcomes " + outcomes);
        // The random trees must reach every outcome, or the comparison proves little.
        for (String kind : List.of("NONE", "OUT_OF_RANGE", "NOT_PRESENT", "FAULT", "NO_RULE", "TABLE_OUTSIDE_MEMORY",
                "leaf", "hole", "pre", "post", "fault")) {
            assertTrue(outcomes.getOrDefault(kind, 0L) > TREES / 10, kind + " seen only " + outcomes.get(kind) + " times");
        }
        // Plain translates that read the flat segment must meet flat memory and other memory
        // (their twin reading through it), or the two read paths are barely compared.
        for (String kind : List.of("(flat reads, flat memory)", "(flat reads, other memory)")) {
            assertTrue(outcomes.getOrDefault(kind, 0L) > TREES / 20, kind + " seen only " + outcomes.get(kind) + " times");
        }
        // Tagged addresses must reach mappings too, or the tag's code is barely compared.
        assertTrue(outcomes.getOrDefault("(tagged mapped)", 0L) > TREES / 10,
                "tagged addresses mapped only " + outcomes.get("(tagged mapped)") + " times");
        assertTrue(translations >= Math.min(1_000_000, TREES * 2000L), "only " + translations + " translations");
    }

    /**
     * The same comparison of translations with every level that can have one given a fast accept
     * (translate budget 0), so that entries inside the regions take the inline actions and the
     * others the out-of-line twin: both must happen often, on mapped and failing entries alike.
     */
    @Test
    void outOfLineTranslationsAgreeWithTheInterpreter() {
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        java.util.Map<String, Long> outcomes = new java.util.TreeMap<>();
        long translations = 0;
        int trees = TREES / 2;
        for (int i = 0; i < trees; i++) {
            Case c = new Case(SEED + 1_000_000 + i, loader, outcomes, 0);
            translations += c.translations();
        }
        System.out.println("differential, levels out of line: " + trees + " random trees, " + translations
                + " translations compared; outcomes " + outcomes);
        for (String kind : List.of("(fast accept, mapped)", "(in full, mapped)", "(in full, failed)")) {
            assertTrue(outcomes.getOrDefault(kind, 0L) > trees / 5, kind + " seen only " + outcomes.get(kind) + " times");
        }
        // An entry in a region selects a table or leaf: a translation cannot end there in a failure.
        assertNull(outcomes.get("(fast accept, failed)"));
    }

    /** One random tree in random memory, checked against the interpreter. */
    static final class Case {
        final long seed;
        final Random random;
        final WalkerIr ir;
        final TreeWalker generated;
        final TreeWalker reference;
        final PhysicalMemory mem;
        final long[] roots;
        final java.util.Map<String, Long> outcomes;
        /** The fast accepts of the generated translate, or null at the default budget. */
        final TranslatePlan plan;

        Case(long seed, WalkerLoader loader, java.util.Map<String, Long> outcomes) {
            this(seed, loader, outcomes, -1);
        }

        /** @param budget the translate budget, or -1 for the default */
        Case(long seed, WalkerLoader loader, java.util.Map<String, Long> outcomes, int budget) {
            this.outcomes = outcomes;
            this.seed = seed;
            this.random = new Random(seed);
            this.ir = RandomIrs.random(random);
            String name = "t.Random" + Long.toHexString(seed);
            if (budget < 0) {
                this.generated = loader.load(ir, name);
                this.plan = null;
            } else {
                this.generated = loader.define(name, WalkerGenerator.generate(ir, name, budget));
                this.plan = TranslatePlanner.plan(ir, name.replace('.', '/'), budget);
            }
            this.reference = oracle(ir);
            byte[] bytes = new byte[RandomIrs.MEMORY_BYTES];
            random.nextBytes(bytes);
            MemorySegment segment = Arena.ofAuto().allocate(bytes.length);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segment, 0, bytes.length);
            // Sometimes the image starts above physical 0, so low tables are outside it.
            long base = random.nextInt(4) == 0 ? RandomIrs.TABLE_ALIGN * 2L : 0;
            this.mem = base == 0 ? PhysicalMemory.of(segment) : PhysicalMemory.of(segment, base);
            boolean flatReads = budget < 0
                    && TranslatePlanner.plan(ir, name.replace('.', '/'), TranslatePlanner.FREQ_INLINE_SIZE).flatReads();
            outcomes.merge(!flatReads ? "(memory reads)" : base == 0 ? "(flat reads, flat memory)" : "(flat reads, other memory)",
                    1L, Long::sum);
            this.roots = new long[ir.roots().size()];
            for (int r = 0; r < roots.length; r++) {
                roots[r] = (long) random.nextInt(RandomIrs.MEMORY_BYTES * 3 / 2 / RandomIrs.TABLE_ALIGN) * RandomIrs.TABLE_ALIGN
                        | (random.nextBoolean() ? random.nextInt(RandomIrs.TABLE_ALIGN) : 0);
            }
        }

        String where(String what) {
            return "tree seed " + seed + " (" + ir.name() + ", " + ir.levels().size() + " levels), " + what;
        }

        long translations() {
            long n = 0;
            for (long va : addresses()) {
                Translation expected = reference.translateDetailed(mem, roots, va);
                Translation actual = generated.translateDetailed(mem, roots, va);
                assertEquals(expected, actual, () -> where("translateDetailed va 0x" + Long.toHexString(va)));
                outcomes.merge(expected.failure().name(), 1L, Long::sum);
                if (plan != null) {
                    outcomes.merge(path(expected), 1L, Long::sum);
                }
                if (ir.untagged(va) != va) {
                    outcomes.merge(expected.mapped() ? "(tagged mapped)" : "(tagged)", 1L, Long::sum);
                }
                long pa = generated.translate(mem, roots, va);
                assertEquals(expected.pa(), pa, () -> where("translate va 0x" + Long.toHexString(va)));
                n += 2;
                if (roots.length == 1) {
                    assertEquals(expected.pa(), generated.translate(mem, roots[0], va));
                    assertEquals(expected, generated.translateDetailed(mem, roots[0], va));
                    n += 2;
                } else {
                    assertEquals(expected.pa(), generated.translate(mem, roots[0], roots[1], va));
                    assertThrows(IllegalArgumentException.class, () -> generated.translate(mem, roots[0], va));
                    assertThrows(IllegalArgumentException.class, () -> generated.translateDetailed(mem, roots[0], va));
                    assertThrows(IllegalArgumentException.class, () -> generated.walk(mem, roots[0], 0, -1L, new EventLog()));
                    n += 1;
                }
            }
            return n;
        }

        /**
         * How translate's last level took the entry it decided: by a fast accept or by the
         * out-of-line twin (an entry in no region of a level with fast accepts).
         */
        String path(Translation t) {
            if (t.level() < 0 || t.failure() == org.ptdesc.runtime.Failure.TABLE_OUTSIDE_MEMORY || !plan.outOfLine(t.level())) {
                return "(inline level)";
            }
            boolean fast = plan.fast().get(t.level()).stream().anyMatch(f -> f.region().contains(t.entry()));
            return fast ? (t.mapped() ? "(fast accept, mapped)" : "(fast accept, failed)")
                    : (t.mapped() ? "(in full, mapped)" : "(in full, failed)");
        }

        /** Addresses inside and around the walkable ranges and the root ranges, and anywhere. */
        List<Long> addresses() {
            List<Long> out = new ArrayList<>(List.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE));
            for (WalkerIr.AddressRange r : ir.ranges()) {
                out.addAll(List.of(r.first(), r.last(), r.first() - 1, r.last() + 1));
            }
            for (Root r : ir.roots()) {
                out.addAll(List.of(r.first(), r.last(), r.first() - 1, r.last() + 1));
            }
            while (out.size() < TRANSLATIONS_PER_TREE / 2) {
                out.add(random.nextInt(3) == 0 ? random.nextLong() : inRange());
                if (ir.tagLow() != 0) {
                    // The same address with a random tag: translates like the untagged one.
                    out.add(out.getLast() ^ (random.nextLong() << ir.tagLow()));
                }
            }
            return out;
        }

        long inRange() {
            WalkerIr.AddressRange r = ir.ranges().get(random.nextInt(ir.ranges().size()));
            long span = r.last() - r.first();
            return r.first() + (span == -1L ? random.nextLong() : Long.remainderUnsigned(random.nextLong(), span + 1));
        }

        long walks() {
            long n = 0;
            for (int w = 0; w < WALKS_PER_TREE; w++) {
                long first;
                long last;
                switch (w) {
                    case 0 -> { first = 0; last = -1L; }
                    case 1 -> { first = 0; last = random.nextLong() >>> random.nextInt(64); }
                    case 2 -> { first = -(random.nextLong() >>> random.nextInt(64)) ; last = -1L; }
                    case 3 -> { first = random.nextLong(); last = first - 1 - random.nextInt(3); } // empty or whole
                    default -> {
                        first = random.nextInt(4) == 0 ? random.nextLong() : inRange();
                        last = first + (random.nextLong() >>> (8 + random.nextInt(56)));
                        if (Long.compareUnsigned(last, first) < 0) {
                            last = -1L;
                        }
                    }
                }
                int limit = 1 + random.nextInt(2000);
                long salt = random.nextBoolean() ? 0 : random.nextLong() | 1;
                EventLog expected = new EventLog(limit, salt);
                reference.walk(mem, roots, first, last, expected);
                EventLog actual = new EventLog(limit, salt);
                generated.walk(mem, roots, first, last, actual);
                long f = first;
                long l = last;
                assertEquals(expected.events, actual.events,
                        () -> where("walk 0x" + Long.toHexString(f) + "..0x" + Long.toHexString(l)));
                if (roots.length == 1) {
                    EventLog single = new EventLog(limit, salt);
                    generated.walk(mem, roots[0], first, last, single);
                    assertEquals(expected.events, single.events);
                } else {
                    EventLog two = new EventLog(limit, salt);
                    generated.walk(mem, roots[0], roots[1], first, last, two);
                    assertEquals(expected.events, two.events);
                }
                n += expected.events.size();
                for (String event : expected.events) {
                    outcomes.merge(event.substring(0, event.indexOf(' ') < 0 ? event.length() : event.indexOf(' ')), 1L, Long::sum);
                }
            }
            return n;
        }
    }
}
