package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The nested benchmark's contestants compute the same thing: on the benchmark's image, the
 * hand-written nested walker and the generated pair class give, for every sampled guest
 * address, the host physical address that the guest's own translation gives (EPT maps the
 * data pages one to one), and both refuse the same addresses; on random memory (hostile
 * entries of both formats) they agree everywhere.
 */
class NestedEquivalenceTest {

    static NestedWalker pair() {
        return Ptdesc.loadNested(SampleDescriptors.file("x86_64.ptdesc"), "x86_64",
                SampleDescriptors.file("intel_ept.ptdesc"), "intel_ept");
    }

    @Test
    void benchmarkImageTranslatesAsTheGuestAlone() {
        NestedX86EptImage image = NestedX86EptImage.of(X86TreeImage.small());
        NestedWalker pair = pair();
        long cr3 = image.guest().cr3();
        for (long va : image.guest().randomMappedAddresses(4000, 7)) {
            long expected = HandWrittenX86Walker.translate(image.guest().segment(), cr3, va);
            assertNotEquals(TreeWalker.NO_MAPPING, expected);
            assertEquals(expected, HandWrittenNestedX86EptWalker.translate(image.segment(), cr3, image.eptp(), va));
            assertEquals(expected, pair.translate(image.memory(), cr3, image.eptp(), va));
            assertEquals(expected, HandWrittenNestedX86EptMemoryWalker.translate(image.memory(), cr3, image.eptp(), va));
        }
        long outside = image.guest().lastVa() + 1;
        assertEquals(TreeWalker.NO_MAPPING, HandWrittenNestedX86EptWalker.translate(image.segment(), cr3, image.eptp(), outside));
        assertEquals(TreeWalker.NO_MAPPING, pair.translate(image.memory(), cr3, image.eptp(), outside));
    }

    @Test
    void randomMemoryGivesTheSameAnswers() {
        NestedWalker pair = pair();
        ValueLayout.OfLong entry = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        long[] flags = {0x7, 0x7, 0x87, 0x37, 0xb7, 0x3f, 0x2, 0x1f};
        int mapped = 0;
        for (int seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            long bytes = 2L << 20;
            MemorySegment m = Arena.ofAuto().allocate(bytes, 4096);
            for (long at = 0; at < bytes; at += 8) {
                if (random.nextInt(8) != 0) {
                    long frame = random.nextLong((bytes >>> 12) * 9 / 8) & (random.nextBoolean() ? ~0x1ffL : -1L);
                    long f = random.nextInt(8) == 0 ? random.nextLong(0x1000) : flags[random.nextInt(flags.length)];
                    m.set(entry, at, frame << 12 | f | (random.nextInt(16) == 0 ? random.nextLong() & 0xfff0_0000_0000_0000L : 0));
                }
            }
            long eptp = random.nextLong(bytes) & ~0xfffL;
            m.set(entry, eptp, (random.nextLong(bytes >>> 12) << 12) | 7);
            long cr3 = random.nextLong(bytes) & ~0xfffL;
            PhysicalMemory mem = PhysicalMemory.of(m);
            for (int i = 0; i < 2000; i++) {
                long va = random.nextLong() << 16 >> 16;
                long expected = pair.translate(mem, cr3, eptp, va);
                assertEquals(expected, HandWrittenNestedX86EptWalker.translate(m, cr3, eptp, va),
                        "seed " + seed + " va 0x" + Long.toHexString(va));
                assertEquals(expected, HandWrittenNestedX86EptMemoryWalker.translate(mem, cr3, eptp, va),
                        "seed " + seed + " va 0x" + Long.toHexString(va) + " (through PhysicalMemory)");
                mapped += expected == TreeWalker.NO_MAPPING ? 0 : 1;
            }
        }
        assertTrue(mapped > 0, "no random address mapped: the comparison would prove little");
    }
}
