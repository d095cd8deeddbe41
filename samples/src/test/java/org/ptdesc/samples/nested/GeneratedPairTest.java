package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.NestedWalkers;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.WalkVisitor;
import org.ptdesc.samples.WalkerEngine;

/**
 * The generated pair class ({@link Ptdesc#loadNested}), the reference {@link NestedInterpreter}
 * (both trees interpreted) and the generic {@link NestedWalkers#compose} of the two generated
 * walkers, compared on random trees: host memory of random words, a quarter zero and the rest
 * with their address fields pointing into (or just past) the memory, so that walks of both
 * stages reach every level, and every outcome occurs (mapped, guest faults, stage 2 faults
 * under guest tables and under the final address, tables outside memory). Translate, detailed
 * translate (whole records) and the walk's event stream must be identical.
 */
class GeneratedPairTest {

    private static final long BYTES = 4L << 20;

    /** A pair, how its entries hold a frame number, and how its root registers hold a table. */
    record Pair(String guest, String host, int frameShift, long[] flags, RootOf guestRoot, RootOf hostRoot) {
        @Override
        public String toString() {
            return guest + " over " + host;
        }
    }

    /** The root register value that puts the top table at {@code table}. */
    @FunctionalInterface
    interface RootOf {
        long register(long table);
    }

    static Stream<Arguments> pairs() {
        RootOf page = t -> t;
        return Stream.of(
                // x86: P|RW|US, with PS; EPT: RWX, with PS, memory type WB (valid in leaves only, SDM 29.3.2)
                Arguments.of(new Pair("x86_64", "intel_ept", 12, new long[] {0x7, 0x7, 0x7, 0x87, 0x37}, page, page)),
                Arguments.of(new Pair("x86_64", "amd_npt", 12, new long[] {0x7, 0x87, 0x67, 0x5}, page, page)),
                // AArch64: table or page (0b11), block (0b01), with AF (bit 10) and AP/S2AP bits
                Arguments.of(new Pair("aarch64_4k", "aarch64_s2_4k", 12, new long[] {0x403, 0x401, 0x4c3, 0x443, 0x3},
                        page, t -> t & ~0x1fffL)),
                // RISC-V: a pointer (V), a user leaf U|R|W|X|A|D (G-stage leaves need U, §8.5.1), a supervisor leaf
                Arguments.of(new Pair("riscv_sv39", "riscv_sv39x4", 10, new long[] {0x1, 0x1, 0x1, 0xdf, 0xdf, 0xcf},
                        t -> 8L << 60 | t >>> 12,
                        t -> 8L << 60 | (t & ~0x3fffL) >>> 12)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void generatedPairAgreesWithTheReferenceAndTheComposition(Pair p) {
        Path guestFile = Path.of("descriptors", p.guest() + ".ptdesc");
        Path hostFile = Path.of("descriptors", p.host() + ".ptdesc");
        NestedWalker pair = Ptdesc.loadNested(guestFile, p.guest(), hostFile, p.host());
        NestedWalker reference = new NestedInterpreter(X86OverEptTest.ir(p.guest()), X86OverEptTest.ir(p.host()));
        NestedWalker composed = NestedWalkers.compose(WalkerEngine.GENERATED.walker(p.guest()),
                WalkerEngine.GENERATED.walker(p.host()));
        int guestRootCount = pair.guestInfo().roots().size();
        int bits = pair.guestInfo().addressBits();
        int[] outcomes = new int[4];
        int leaves = 0;
        for (int seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            MemorySegment m = randomTree(random, p);
            PhysicalMemory mem = PhysicalMemory.of(m);
            long[] guestRoots = new long[guestRootCount];
            for (int r = 0; r < guestRootCount; r++) {
                guestRoots[r] = p.guestRoot().register(random.nextLong(BYTES) & ~0xfffL);
            }
            long hostTable = random.nextLong(BYTES) & ~0x3fffL;
            long[] hostRoots = {p.hostRoot().register(hostTable)};
            // Every guest physical address in memory goes through the stage 2 root's entry 0:
            // make it a table pointer (the pair's first pattern), or stage 2 would fail throughout.
            PhysicalMemory.of(m).writeLong(hostTable, random.nextLong(BYTES >>> 12) << p.frameShift() | p.flags()[0], false);
            for (int i = 0; i < 900; i++) {
                long va = random.nextInt(5) == 0 ? random.nextLong() : random.nextLong() << (64 - bits) >> (64 - bits);
                NestedTranslation expected = reference.translateDetailed(mem, guestRoots, hostRoots, va);
                String where = p + " seed " + seed + " va 0x" + Long.toHexString(va);
                assertEquals(expected, pair.translateDetailed(mem, guestRoots, hostRoots, va), where);
                // The composition has no compiler: it reports no combined attributes (combined word 0).
                assertEquals(expected.withCombined(0), composed.translateDetailed(mem, guestRoots, hostRoots, va), where);
                assertEquals(expected.pa(), pair.translate(mem, guestRoots, hostRoots, va), where);
                if (guestRootCount == 1) {
                    assertEquals(expected.pa(), pair.translate(mem, guestRoots[0], hostRoots[0], va), where);
                }
                outcomes[outcome(expected)]++;
            }
            for (int i = 0; i < 2; i++) {
                long first = random.nextLong() << (64 - bits) >> (64 - bits);
                long last = first + random.nextLong(2L << 20);
                List<String> expected = events(reference, mem, guestRoots, hostRoots, first, last);
                String where = p + " seed " + seed + " walk 0x" + Long.toHexString(first) + "..0x" + Long.toHexString(last);
                assertEquals(expected, events(pair, mem, guestRoots, hostRoots, first, last), where);
                assertEquals(expected, events(composed, mem, guestRoots, hostRoots, first, last), where);
                leaves += (int) expected.stream().filter(e -> e.startsWith("leaf")).count();
            }
        }
        System.out.printf("%s: %d mapped, %d guest failures, %d stage 2 failures under a guest table, "
                + "%d under the final address; %d walk leaves%n", p, outcomes[0], outcomes[1], outcomes[2], outcomes[3], leaves);
        for (int k = 0; k < outcomes.length; k++) {
            assertTrue(outcomes[k] > 0, p + ": outcome " + k + " never occurred, the comparison would prove little");
        }
        assertTrue(leaves > 0, p + ": no walk reached a leaf");
    }

    private static int outcome(NestedTranslation t) {
        if (t.mapped()) {
            return 0;
        }
        return t.stage() == Stage.GUEST ? 1 : t.guestLevel() >= 0 ? 2 : 3;
    }

    /**
     * 4 MiB of random entries: an eighth zero, the rest a random frame up to 1/8 past the end
     * (half of them 2 MiB aligned), with flags that are one of the pair's usual patterns, or (one in eight) random.
     */
    static MemorySegment randomTree(SplittableRandom random, Pair p) {
        MemorySegment m = Arena.ofAuto().allocate(BYTES, 16384);
        PhysicalMemory w = PhysicalMemory.of(m);
        // Guest and stage 2 entries share the memory; both formats keep flags below the frame.
        int shift = p.frameShift();
        for (long at = 0; at < BYTES; at += 8) {
            long entry = 0;
            if (random.nextInt(8) != 0) {
                long frame = random.nextLong((BYTES >>> 12) * 9 / 8);
                if (random.nextBoolean()) {
                    frame &= ~0x1ffL;   // 2 MiB aligned: a superpage that is not misaligned
                }
                long flags = random.nextInt(8) == 0 ? random.nextLong(1L << shift) : p.flags()[random.nextInt(p.flags().length)];
                entry = (frame << shift) | flags;
                if (random.nextInt(10) == 0) {
                    entry |= random.nextLong() & 0xfff0_0000_0000_0000L;
                }
            }
            w.writeLong(at, entry, false);
        }
        return m;
    }

    /** Every event of a walk, as text. */
    static List<String> events(NestedWalker w, PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long first,
            long last) {
        List<String> out = new ArrayList<>();
        w.walk(mem, guestRoots, hostRoots, first, last, new NestedVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry,
                    long guestAttributes, int hostLevel, long hostEntry, long hostAttributes) {
                out.add(String.format("leaf %x %x %x %x %d %x %x %d %x %x", va, pa, size, gpa, guestLevel, guestEntry,
                        guestAttributes, hostLevel, hostEntry, hostAttributes));
                return out.size() < 20000;
            }

            @Override
            public boolean hole(long a, long b, Stage stage, int level) {
                out.add(String.format("hole %x %x %s %d", a, b, stage, level));
                return true;
            }

            @Override
            public boolean fault(long a, long b, Stage stage, int guestLevel, int hostLevel, long entry, Failure kind,
                    String message) {
                out.add(String.format("fault %x %x %s %d %d %x %s %s", a, b, stage, guestLevel, hostLevel, entry, kind,
                        message));
                return true;
            }

            @Override
            public WalkVisitor.Action pre(long a, long b, int level, long table, long hostTable) {
                out.add(String.format("pre %x %x %d %x %x", a, b, level, table, hostTable));
                return WalkVisitor.Action.CONTINUE;
            }

            @Override
            public boolean post(long a, long b, int level, long table) {
                out.add(String.format("post %x %x %d %x", a, b, level, table));
                return true;
            }
        });
        return out;
    }
}
