package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The benchmark compares equivalent code: every engine translates exactly as the reference
 * interpreter does and walks with exactly its events, on the benchmark's small tree and on a
 * tree with every kind of x86-64 entry (1 GiB and 2 MiB pages, not-present entries with PS
 * set, a table outside memory, the upper half).
 */
class EquivalenceTest {

    private static final X86TreeImage SMALL = X86TreeImage.small();

    @ParameterizedTest
    @EnumSource(Engine.class)
    void translatesTheSmallTreeAsTheInterpreter(Engine engine) {
        TreeWalker oracle = new Interpreter(Engine.x86Ir());
        TreeWalker walker = engine.create(SMALL.segment());
        int mapped = 0;
        for (long va : probes(SMALL)) {
            long expected = oracle.translate(SMALL.memory(), SMALL.cr3(), va);
            assertEquals(expected, walker.translate(SMALL.memory(), SMALL.cr3(), va), () -> engine + " at " + Long.toHexString(va));
            assertEquals(oracle.translateDetailed(SMALL.memory(), SMALL.cr3(), va),
                    walker.translateDetailed(SMALL.memory(), SMALL.cr3(), va), () -> engine + " at " + Long.toHexString(va));
            mapped += expected == TreeWalker.NO_MAPPING ? 0 : 1;
        }
        assertTrue(mapped >= 10_000, "the probes hit mapped addresses: " + mapped);
    }

    @Test
    void theReadPathDiagnosticTranslatesAsTheHandWrittenWalker() {
        for (long va : probes(SMALL)) {
            assertEquals(HandWrittenX86Walker.translate(SMALL.segment(), SMALL.cr3(), va),
                    ReadPathBenchmark.translate(SMALL.memory(), SMALL.cr3(), va), () -> Long.toHexString(va));
        }
        MemorySegment seg = Arena.ofAuto().allocate(1 << 20, 4096);
        PhysicalMemory mem = edgeTree(seg);
        for (long va : new long[] {0x1234, 0x20_1234, 0x4000_1234L, -0x30_0000L, -0x1000L, 0x3000}) {
            assertEquals(HandWrittenX86Walker.translate(seg, EDGE_CR3, va), ReadPathBenchmark.translate(mem, EDGE_CR3, va),
                    () -> Long.toHexString(va));
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void walksTheSmallTreeAsTheInterpreter(Engine engine) {
        TreeWalker walker = engine.create(SMALL.segment());
        LeafSum expected = new LeafSum();
        new Interpreter(Engine.x86Ir()).walk(SMALL.memory(), SMALL.cr3(), 0, X86Info.LOW_LAST, expected);
        LeafSum actual = new LeafSum();
        walker.walk(SMALL.memory(), SMALL.cr3(), 0, X86Info.LOW_LAST, actual);
        assertEquals(SMALL.pages(), expected.leaves());
        assertEquals(expected.leaves(), actual.leaves());
        assertEquals(expected.sum(), actual.sum());
        assertEquals(events(new Interpreter(Engine.x86Ir()), SMALL.memory(), SMALL.cr3(), 0, -1L),
                events(walker, SMALL.memory(), SMALL.cr3(), 0, -1L));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void agreesOnEveryKindOfEntry(Engine engine) {
        MemorySegment seg = Arena.ofAuto().allocate(1 << 20, 4096);
        PhysicalMemory mem = edgeTree(seg);
        TreeWalker oracle = new Interpreter(Engine.x86Ir());
        TreeWalker walker = engine.create(seg);
        long[][] ranges = {
            {0, -1L}, {0, X86Info.LOW_LAST}, {0x1234, 0x40_1233}, {0x3f_f000, 0x4000_0fff},
            {X86Info.HIGH_FIRST, -1L}, {-0x5000_0000L, -0x1000L}, {-1L, -1L}, {0x10, 0x0f},
        };
        for (long[] r : ranges) {
            List<String> expected = events(oracle, mem, EDGE_CR3, r[0], r[1]);
            assertEquals(expected, events(walker, mem, EDGE_CR3, r[0], r[1]),
                    () -> engine + " on " + Long.toHexString(r[0]) + ".." + Long.toHexString(r[1]));
        }
        List<Long> probes = new ArrayList<>();
        for (long[] r : ranges) {
            for (long d = -8192; d <= 8192; d += 4095) {
                probes.add(r[0] + d);
                probes.add(r[1] + d);
            }
        }
        for (long va : probes) {
            assertEquals(oracle.translateDetailed(mem, EDGE_CR3, va), walker.translateDetailed(mem, EDGE_CR3, va),
                    () -> engine + " at " + Long.toHexString(va));
            assertEquals(oracle.translate(mem, EDGE_CR3, va), walker.translate(mem, EDGE_CR3, va),
                    () -> engine + " at " + Long.toHexString(va));
        }
    }

    @Test
    void theGeneratedEngineIsAGeneratedClass() {
        TreeWalker generated = Engine.GENERATED.create(SMALL.segment());
        assertFalse(generated instanceof Interpreter);
        assertEquals("org.ptdesc.generated", generated.getClass().getPackageName());
    }

    @Test
    void theEdgeTreeHasEveryKindOfEvent() {
        MemorySegment seg = Arena.ofAuto().allocate(1 << 20, 4096);
        String all = String.join("\n", events(new Interpreter(Engine.x86Ir()), edgeTree(seg), EDGE_CR3, 0, -1L));
        for (String kind : List.of("leaf", "hole", "pre", "post", "fault", " 1 ", " 2 ", " 3 ")) {
            assertTrue(all.contains(kind), kind + " in\n" + all);
        }
        assertNotEquals(TreeWalker.NO_MAPPING, new Interpreter(Engine.x86Ir()).translate(edgeTree(seg), EDGE_CR3, 0x4000_1234L));
    }

    private static final long P = 1, RW = 2, US = 4, PS = 0x80, G = 0x100, XD = 1L << 63;
    /** PWT and PCD set: the walkers must strip them. */
    private static final long EDGE_CR3 = 0x1000 | 0x18;

    /** PML4 at 0x1000, PDPTs at 0x2000 and 0x5000, PDs at 0x3000 and 0x6000, PT at 0x4000. */
    private static PhysicalMemory edgeTree(MemorySegment seg) {
        PhysicalMemory m = PhysicalMemory.of(seg);
        put(m, 0x1000, 0, 0x2000 | P | RW | US);
        put(m, 0x1000, 511, 0x5000 | P | RW);
        put(m, 0x2000, 0, 0x3000 | P | RW | US);
        put(m, 0x2000, 1, 0x4000_0000L | P | PS | US);            // 1 GiB, read-only
        put(m, 0x3000, 0, 0x4000 | P | RW | US);
        put(m, 0x3000, 1, 0x20_0000L | P | PS | RW | US | XD | G); // 2 MiB
        put(m, 0x3000, 2, 0x40_0000L | PS | RW);                  // not present despite PS
        put(m, 0x4000, 1, 0x7000 | P | RW | US);
        put(m, 0x4000, 2, 0x8000 | P | US | XD);
        put(m, 0x4000, 511, 0xA000 | P | RW | US | G);
        put(m, 0x5000, 511, 0x6000 | P | RW | US);
        put(m, 0x6000, 510, 0x7fff_f000_0000L | P | RW | US);     // table outside memory
        put(m, 0x6000, 511, 0x8000_0000L | P | PS | RW | XD);     // 2 MiB at the top of the address space
        return m;
    }

    private static void put(PhysicalMemory m, long table, int index, long entry) {
        m.writeLong(table + 8L * index, entry, false);
    }

    /** Random mapped addresses, random addresses near the mapping, and random 64-bit values. */
    private static long[] probes(X86TreeImage image) {
        SplittableRandom random = new SplittableRandom(7);
        long[] mapped = image.randomMappedAddresses(10_000, 11);
        long[] out = new long[mapped.length + 4_000];
        System.arraycopy(mapped, 0, out, 0, mapped.length);
        for (int i = mapped.length; i < out.length; i += 2) {
            out[i] = X86TreeImage.FIRST_VA + random.nextLong(-(1L << 31), 1L << 31);
            out[i + 1] = random.nextLong();
        }
        return out;
    }

    private static List<String> events(TreeWalker walker, PhysicalMemory mem, long cr3, long first, long last) {
        EventLog log = new EventLog();
        walker.walk(mem, cr3, first, last, log);
        return log.events;
    }
}
