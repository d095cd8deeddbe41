package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.Map;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The sample descriptors' walkers (x86-64 and the 2014 proposal's), generated from the
 * hand-built fixtures, against the interpreter running the real descriptors' IR, on
 * random but well-formed page tables: sparse top levels in both canonical halves, 1 GiB and
 * 2 MiB pages among tables, runs of not-present entries holding garbage, tables beyond the
 * image, random permission bits. Addresses are drawn mostly from the populated regions.
 */
class SampleTreeDifferentialTest {

    static final int MEMORY = 4 << 20;
    static final long P = 1, PS = 0x80;

    /** Builds one random tree; remembers the address regions it populated. */
    static final class Builder {
        final Random random;
        final PhysicalMemory mem;
        final boolean x86;
        final List<long[]> regions = new ArrayList<>(); // {va base, span}
        long next = 0x1000;

        Builder(Random random, boolean x86) {
            this.random = random;
            this.x86 = x86;
            this.mem = PhysicalMemory.of(Arena.ofAuto().allocate(MEMORY));
        }

        long table() {
            long t = next;
            next += 0x1000;
            return t;
        }

        long flags() {
            // RW, US, PWT, PCD, A, G and XD at random; P set.
            return P | (random.nextLong() & 0x17eL) | (random.nextInt(4) == 0 ? 1L << 63 : 0);
        }

        long absent() {
            return x86 ? random.nextLong() & ~P : 0;
        }

        /** Fills the table at {@code table} for level {@code level} covering addresses from {@code base}. */
        void fill(long table, int level, long base, int budget) {
            int shift = 39 - 9 * level;
            for (int i = 0; i < 512; i++) {
                mem.writeLong(table + 8L * i, absent(), false);
            }
            int populated = level == 3 ? 1 + random.nextInt(200) : 1 + random.nextInt(4);
            int start = random.nextInt(512);
            for (int k = 0; k < populated; k++) {
                // The 2014 tree only walks the low half: only its first 256 top entries are reachable.
                int entries = level == 0 && !x86 ? 256 : 512;
                int i = (start + k * (level == 3 ? 1 + random.nextInt(3) : 1 + random.nextInt(100))) % entries;
                long va = base + ((long) i << shift);
                if (level == 0 && i >= 256) {
                    va |= 0xffff_0000_0000_0000L;
                }
                long entry;
                int kind = random.nextInt(10);
                if (level == 3) {
                    entry = (random.nextLong() & 0x000f_ffff_ffff_f000L) | (x86 ? flags() : 1 + random.nextInt(0xfff));
                    regions.add(new long[] {va, 1L << shift});
                } else if (x86 && level > 0 && kind < 3) {
                    long frame = random.nextLong() & 0x000f_ffff_ffff_f000L & -(1L << shift);
                    entry = frame | flags() | PS;
                    regions.add(new long[] {va, 1L << shift});
                } else if (kind == 3) {
                    entry = 0x1_0000_0000L | (x86 ? flags() & ~PS : 0x123); // table beyond the image
                    regions.add(new long[] {va, 1L << shift});
                } else if (next + 0x1000 <= MEMORY && budget > 0) {
                    long child = table();
                    entry = child | (x86 ? flags() & ~PS : random.nextInt(0x1000) | 1);
                    fill(child, level + 1, va, budget - 1);
                } else {
                    continue;
                }
                mem.writeLong(table + 8L * i, entry, false);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "linus_x86_64"})
    void sampleWalkersAgreeWithTheInterpreter(String sample) {
        // The hand-built fixture's walker against the interpreter running the front end's IR of
        // the real descriptor: this also shows the fixture means what the descriptor says.
        WalkerIr fixture = sample.equals("x86_64") ? IrFixtures.x86_64() : IrFixtures.linus();
        WalkerIr ir = Ptdesc.compile(SampleDescriptorsCodegenTest.SAMPLES.resolve(sample + ".ptdesc"), Map.of())
                .tree(sample).orElseThrow();
        TreeWalker generated = new WalkerLoader(TreeWalker.class.getClassLoader()).load(fixture);
        TreeWalker interpreter = new Interpreter(ir);
        assertEquals(ir.levels().size(), fixture.levels().size());
        assertEquals(ir.ranges(), fixture.ranges());
        assertEquals(ir.attributes(), fixture.attributes());
        // Same descriptor lines, so the fixture's golden listing and stack traces name the real lines.
        assertEquals(lines(ir), lines(fixture));
        Random random = new Random(sample.hashCode());
        long translations = 0;
        int treesWithLeaves = 0;
        for (int tree = 0; tree < 40; tree++) {
            Builder b = new Builder(random, sample.equals("x86_64"));
            long root = b.table();
            b.fill(root, 0, 0, 60);
            // x86 CR3 carries PCID bits the root expression drops; the 2014 tree takes its base as is.
            long cr3 = root | (b.x86 && random.nextBoolean() ? random.nextInt(0x1000) : 0);
            for (int i = 0; i < 5000; i++) {
                long va;
                if (random.nextInt(5) == 0 || b.regions.isEmpty()) {
                    va = random.nextLong();
                } else {
                    long[] region = b.regions.get(random.nextInt(b.regions.size()));
                    va = region[0] + Long.remainderUnsigned(random.nextLong(), region[1]);
                }
                long v = va;
                assertEquals(interpreter.translateDetailed(mem(b), cr3, va), generated.translateDetailed(mem(b), cr3, va),
                         () -> sample + " va 0x" + Long.toHexString(v));
                assertEquals(interpreter.translate(mem(b), cr3, va), generated.translate(mem(b), cr3, va));
                translations += 2;
            }
            for (int w = 0; w < 6; w++) {
                long first = w == 0 ? 0 : random.nextLong();
                long last = w == 0 ? -1L : first + (random.nextLong() >>> random.nextInt(64));
                if (Long.compareUnsigned(last, first) < 0) {
                    last = -1L;
                }
                EventLog expected = new EventLog(100_000, 0);
                interpreter.walk(mem(b), cr3, first, last, expected);
                EventLog actual = new EventLog(100_000, 0);
                generated.walk(mem(b), cr3, first, last, actual);
                assertEquals(expected.events, actual.events);
                if (w == 0 && expected.events.stream().anyMatch(e -> e.startsWith("leaf"))) {
                    treesWithLeaves++;
                }
            }
        }
        assertTrue(translations >= 400_000);
        assertTrue(treesWithLeaves > 30, "only " + treesWithLeaves + " of 40 random trees map anything");
    }

    static List<Integer> lines(WalkerIr ir) {
        List<Integer> out = new ArrayList<>(List.of(ir.line(), ir.roots().getFirst().line()));
        for (var level : ir.levels()) {
            out.add(level.line());
            level.rules().forEach(r -> out.add(r.line()));
        }
        return out;
    }

    private static PhysicalMemory mem(Builder b) {
        return b.mem;
    }
}
