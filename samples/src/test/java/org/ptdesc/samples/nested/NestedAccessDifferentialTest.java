package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.NestedWalkers;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.samples.WalkerEngine;

/**
 * Access-checked nested translation on the random trees of {@link GeneratedPairTest}, with a
 * random access (kind and user flag) and random mode words for both stages per address: the
 * generated pair class (its inlined checked {@code translate} and its detailed form), the
 * generic composition and the reference {@link NestedInterpreter} must give the same whole
 * {@link NestedTranslation} and the same address. Every kind of answer must occur (allowed,
 * denied by the guest, denied by stage 2 reading a guest table, denied by stage 2 at the final
 * address), or the comparison proves little.
 */
class NestedAccessDifferentialTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.ptdesc.samples.nested.GeneratedPairTest#pairs")
    void threeEnginesAgree(GeneratedPairTest.Pair p) {
        int[] kinds = compare(p, 20);
        for (int k = 0; k < kinds.length; k++) {
            assertTrue(kinds[k] > 0, p + ": answer kind " + k + " never occurred");
        }
    }

    /**
     * A stage without rules allows everything: the pair class then inlines no check for it.
     * {@code linus_x86_64} has no rules, over EPT (no guest denials) and under x86-64 (no stage
     * 2 denials).
     */
    @Test
    void aStageWithoutRulesNeverDenies() {
        int[] overEpt = compare(new GeneratedPairTest.Pair("linus_x86_64", "intel_ept", 12,
                new long[] {0x7, 0x7, 0x7, 0x87, 0x37}, t -> t, t -> t), 20);
        assertEquals(0, overEpt[1], "linus_x86_64 has no rules, yet the guest denied");
        assertTrue(overEpt[0] > 0 && overEpt[2] + overEpt[3] > 0, Arrays.toString(overEpt));
        int[] underX86 = compare(new GeneratedPairTest.Pair("x86_64", "linus_x86_64", 12,
                new long[] {0x7, 0x87, 0x67, 0x5, 0x3}, t -> t, t -> t), 6);
        assertEquals(0, underX86[2] + underX86[3], "linus_x86_64 has no rules, yet stage 2 denied");
        assertTrue(underX86[0] > 0 && underX86[1] > 0, Arrays.toString(underX86));
    }

    /** Compares the engines on {@code seeds} random trees; the count of each kind of answer. */
    private static int[] compare(GeneratedPairTest.Pair p, int seeds) {
        Path guestFile = Path.of("descriptors", p.guest() + ".ptdesc");
        Path hostFile = Path.of("descriptors", p.host() + ".ptdesc");
        NestedWalker pair = Ptdesc.loadNested(guestFile, p.guest(), hostFile, p.host());
        NestedWalker reference = new NestedInterpreter(X86OverEptTest.ir(p.guest()), X86OverEptTest.ir(p.host()));
        NestedWalker composed = NestedWalkers.compose(WalkerEngine.GENERATED.walker(p.guest()),
                WalkerEngine.GENERATED.walker(p.host()));
        int guestRootCount = pair.guestInfo().roots().size();
        int bits = pair.guestInfo().addressBits();
        int[] kinds = new int[5];
        for (int seed = 1; seed <= seeds; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            MemorySegment m = GeneratedPairTest.randomTree(random, p);
            PhysicalMemory mem = PhysicalMemory.of(m);
            long[] guestRoots = new long[guestRootCount];
            for (int r = 0; r < guestRootCount; r++) {
                guestRoots[r] = p.guestRoot().register(random.nextLong(4L << 20) & ~0xfffL);
            }
            long hostTable = random.nextLong(4L << 20) & ~0x3fffL;
            long[] hostRoots = {p.hostRoot().register(hostTable)};
            mem.writeLong(hostTable, random.nextLong(1024) << p.frameShift() | p.flags()[0], false);
            for (int i = 0; i < 700; i++) {
                long va = random.nextInt(5) == 0 ? random.nextLong() : random.nextLong() << (64 - bits) >> (64 - bits);
                int access = new int[] {Access.READ, Access.WRITE, Access.EXECUTE}[random.nextInt(3)]
                        | (random.nextBoolean() ? Access.USER : 0);
                long guestModes = randomModes(random, pair.guestInfo());
                long hostModes = randomModes(random, pair.hostInfo());
                NestedTranslation expected = reference.translateDetailed(mem, guestRoots, hostRoots, va, access,
                        guestModes, hostModes);
                String where = p + " seed " + seed + " " + Access.toString(access) + " 0x" + Long.toHexString(va)
                        + " modes 0x" + Long.toHexString(guestModes) + "/0x" + Long.toHexString(hostModes);
                assertEquals(expected, pair.translateDetailed(mem, guestRoots, hostRoots, va, access, guestModes, hostModes),
                        where);
                // The generic composition has no compiler: it reports no combined attributes.
                assertEquals(expected.withCombined(0), composed.translateDetailed(mem, guestRoots, hostRoots, va, access,
                        guestModes, hostModes), where);
                assertEquals(expected.pa(), pair.translate(mem, guestRoots, hostRoots, va, access, guestModes, hostModes),
                        where);
                assertEquals(expected.pa(), composed.translate(mem, guestRoots, hostRoots, va, access, guestModes,
                        hostModes), where);
                if (guestRootCount == 1) {
                    assertEquals(expected.pa(), pair.translate(mem, guestRoots[0], hostRoots[0], va, access, guestModes,
                            hostModes), where + " (one-root form)");
                }
                kinds[kind(expected)]++;
            }
        }
        System.out.printf("%s checked: %d allowed, %d denied by the guest, %d by stage 2 reading a guest table, "
                + "%d by stage 2 at the final address, %d unmapped%n", p, kinds[0], kinds[1], kinds[2], kinds[3], kinds[4]);
        return kinds;
    }

    /** Random values for the tree's modes, each within its width. */
    static long randomModes(SplittableRandom random, TreeInfo info) {
        long word = 0;
        for (TreeInfo.ModeInfo mode : info.modes()) {
            word |= (random.nextLong() & mode.max()) << mode.offset();
        }
        return word;
    }

    private static int kind(NestedTranslation t) {
        if (t.mapped()) {
            return 0;
        }
        if (!t.denied()) {
            return 4;
        }
        return t.stage() == Stage.GUEST ? 1 : t.guestLevel() >= 0 ? 2 : 3;
    }
}
