package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.NestedWalkers;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.WalkVisitor;
import org.ptdesc.samples.WalkerEngine;

/**
 * The generated pair class's own walk compared event for event with the reference
 * {@link NestedInterpreter} (both trees interpreted) and the generic {@link NestedWalkers#compose}
 * on the random trees of {@link GeneratedPairTest}, over random ranges from a few bytes to the
 * whole address space (the composition on those up to 2 GiB), with visitors that stop the walk (a {@code false} from leaf, hole, fault
 * or post, or STOP from pre) after a random number of events and skip some guest tables (SKIP
 * from pre). Every kind of event must occur, stops must happen, and each engine must deliver
 * the same events in the same order and nothing after a stop.
 */
class GeneratedPairWalkTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ptdesc.samples.nested.GeneratedPairTest#pairs")
    void walksAgreeEventForEventWithStopsAndRandomRanges(GeneratedPairTest.Pair p) {
        Path guestFile = Path.of("descriptors", p.guest() + ".ptdesc");
        Path hostFile = Path.of("descriptors", p.host() + ".ptdesc");
        NestedWalker pair = Ptdesc.loadNested(guestFile, p.guest(), hostFile, p.host());
        NestedWalker reference = new NestedInterpreter(X86OverEptTest.ir(p.guest()), X86OverEptTest.ir(p.host()));
        NestedWalker composed = NestedWalkers.compose(WalkerEngine.GENERATED.walker(p.guest()),
                WalkerEngine.GENERATED.walker(p.host()));
        int guestRootCount = pair.guestInfo().roots().size();
        int bits = pair.guestInfo().addressBits();
        // Seen over all walks: leaf, guest hole, stage 2 hole, guest fault, stage 2 fault, pre, post, stopped.
        int[] seen = new int[8];
        for (int seed = 101; seed <= 124; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            MemorySegment m = GeneratedPairTest.randomTree(random, p);
            PhysicalMemory mem = PhysicalMemory.of(m);
            long[] guestRoots = new long[guestRootCount];
            for (int r = 0; r < guestRootCount; r++) {
                guestRoots[r] = p.guestRoot().register(random.nextLong(4L << 20) & ~0xfffL);
            }
            long hostTable = random.nextLong(4L << 20) & ~0x3fffL;
            long[] hostRoots = {p.hostRoot().register(hostTable)};
            mem.writeLong(hostTable, random.nextLong(1L << 10) << p.frameShift() | p.flags()[0], false);
            for (int i = 0; i < 6; i++) {
                long first = random.nextLong() << (64 - bits) >> (64 - bits);
                long length = switch (i % 3) {
                    case 0 -> random.nextLong(1L << 16);
                    case 1 -> random.nextLong(1L << 31);
                    default -> random.nextLong(1L << 40);
                };
                long last = i == 5 ? -1L : first + length;
                if (i == 5) {
                    first = 0;
                }
                int stopAfter = 1 + random.nextInt(i % 2 == 0 ? 60 : 4000);
                int skipEvery = 2 + random.nextInt(9);
                String where = p + " seed " + seed + " walk 0x" + Long.toHexString(first) + "..0x"
                        + Long.toHexString(last) + " stop after " + stopAfter + " skip every " + skipEvery;
                Recorder expected = new Recorder(stopAfter, skipEvery);
                reference.walk(mem, guestRoots, hostRoots, first, last, expected);
                Recorder generated = new Recorder(stopAfter, skipEvery);
                pair.walk(mem, guestRoots, hostRoots, first, last, generated);
                assertEquals(expected.events, generated.events, where);
                if (i % 3 != 2 && i != 5) {
                    // The composition walks the whole range silently before it reports (its guest
                    // tables first), stop or not: only ranges up to 2 GiB keep that quick.
                    Recorder viaComposition = new Recorder(stopAfter, skipEvery);
                    composed.walk(mem, guestRoots, hostRoots, first, last, viaComposition);
                    assertEquals(expected.events, viaComposition.events, where);
                }
                expected.count(seen);
            }
        }
        System.out.printf("%s walks: %d leaves, %d guest holes, %d stage 2 holes, %d guest faults, "
                + "%d stage 2 faults, %d pre, %d post, %d stopped%n", p, seen[0], seen[1], seen[2], seen[3], seen[4],
                seen[5], seen[6], seen[7]);
        for (int k = 0; k < seen.length; k++) {
            assertTrue(seen[k] > 0, p + ": event kind " + k + " never occurred, the comparison would prove little");
        }
    }

    /**
     * Records every event as text and returns false (or STOP) at event {@code stopAfter}, after
     * which any further event is recorded as an error; every {@code skipEvery}-th {@code pre}
     * below the top level answers SKIP.
     */
    static final class Recorder implements NestedVisitor {
        final List<String> events = new ArrayList<>();
        private final int stopAfter;
        private final int skipEvery;
        private int pres;
        private boolean stopped;

        Recorder(int stopAfter, int skipEvery) {
            this.stopAfter = stopAfter;
            this.skipEvery = skipEvery;
        }

        private boolean go(String event) {
            events.add(stopped ? "EVENT AFTER STOP: " + event : event);
            stopped |= events.size() >= stopAfter;
            return !stopped;
        }

        @Override
        public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry, long guestAttributes,
                int hostLevel, long hostEntry, long hostAttributes) {
            return go(String.format("leaf %x %x %x %x %d %x %x %d %x %x", va, pa, size, gpa, guestLevel, guestEntry,
                    guestAttributes, hostLevel, hostEntry, hostAttributes));
        }

        @Override
        public boolean hole(long a, long b, Stage stage, int level) {
            return go(String.format("hole %x %x %s %d", a, b, stage, level));
        }

        @Override
        public boolean fault(long a, long b, Stage stage, int guestLevel, int hostLevel, long entry, Failure kind,
                String message) {
            return go(String.format("fault %x %x %s %d %d %x %s %s", a, b, stage, guestLevel, hostLevel, entry, kind,
                    message));
        }

        @Override
        public WalkVisitor.Action pre(long a, long b, int level, long table, long hostTable) {
            if (!go(String.format("pre %x %x %d %x %x", a, b, level, table, hostTable))) {
                return WalkVisitor.Action.STOP;
            }
            return level > 0 && ++pres % skipEvery == 0 ? WalkVisitor.Action.SKIP : WalkVisitor.Action.CONTINUE;
        }

        @Override
        public boolean post(long a, long b, int level, long table) {
            return go(String.format("post %x %x %d %x", a, b, level, table));
        }

        void count(int[] seen) {
            for (String e : events) {
                seen[e.startsWith("leaf") ? 0
                        : e.startsWith("hole") ? (e.contains("GUEST") ? 1 : 2)
                        : e.startsWith("fault") ? (e.contains("GUEST") ? 3 : 4)
                        : e.startsWith("pre") ? 5 : 6]++;
            }
            seen[7] += stopped ? 1 : 0;
        }
    }
}
