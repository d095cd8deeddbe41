package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * The generated pair class's walk allocates a fixed amount per walk, whatever the number of
 * leaves: measured with the JVM's per-thread allocation counter over thousands of walks of
 * x86-64 over EPT, one over 8 guest pages and one over 512 (guest leaves over a 2 MiB stage 2
 * page, guest pages stage 2 does not map, invalid guest entries), compared per walk.
 */
class NestedWalkAllocationTest {

    private static final long EPTP = 0x1000;
    private static final long CR3 = 0x4000;

    /** Counts events and allocates nothing. */
    static final class Counter implements NestedVisitor {
        long leaves;
        long guestHoles;
        long hostHoles;

        @Override
        public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry, long guestAttributes,
                int hostLevel, long hostEntry, long hostAttributes) {
            leaves++;
            return true;
        }

        @Override
        public boolean hole(long first, long last, Stage stage, int level) {
            if (stage == Stage.GUEST) {
                guestHoles++;
            } else {
                hostHoles++;
            }
            return true;
        }

        @Override
        public boolean fault(long first, long last, Stage stage, int guestLevel, int hostLevel, long entry,
                Failure kind, String message) {
            throw new AssertionError("no fault in this image: " + kind + " at 0x" + Long.toHexString(first));
        }
    }

    @Test
    void aWalkAllocatesAFixedAmountWhateverItsLeaves() {
        WalkerIr guest = NestedPairCodegenTest.ir("x86_64");
        WalkerIr host = NestedPairCodegenTest.ir("intel_ept");
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        NestedWalker pair = loader.loadNested(guest, host, loader.load(guest), loader.load(host));
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10000));
        // EPT (SDM §29.3.2): PML4 -> PDPT -> PD whose entry 0 maps guest physical 0..2 MiB to host
        // 0..2 MiB (R, W, X, bit 7 a 2 MiB page); guest physical 2..4 MiB is not mapped.
        mem.writeLong(0x1000, 0x2000 | 7, false);
        mem.writeLong(0x2000, 0x3000 | 7, false);
        mem.writeLong(0x3000, 0x87, false);
        // Guest (SDM §4.5): PML4 -> PDPT -> PD -> PT (P, R/W, U/S), all in the first 2 MiB.
        mem.writeLong(0x4000, 0x5000 | 7, false);
        mem.writeLong(0x5000, 0x6000 | 7, false);
        mem.writeLong(0x6000, 0x7000 | 7, false);
        for (int i = 0; i < 512; i++) {
            long entry = switch (i % 4) {
                case 0, 2 -> (0x10_0000L + 0x1000L * (i / 2)) | 7; // under the stage 2 page
                case 1 -> (0x20_0000L + 0x1000L * i) | 7;    // stage 2 maps nothing there
                default -> 0;                                // not present
            };
            mem.writeLong(0x7000 + 8L * i, entry, false);
        }
        // One walk of the 512 entries: 256 leaves, 128 single pages stage 2 does not map (stage 2
        // holes), 128 single invalid guest entries (guest holes, none adjacent to another).
        Counter once = new Counter();
        pair.walk(mem, new long[] {CR3}, new long[] {EPTP}, 0, 512 * 0x1000L - 1, once);
        assertEquals(256, once.leaves);
        assertEquals(128, once.hostHoles);
        assertEquals(128, once.guestHoles);
        long few = perWalk(pair, mem, 8 * 0x1000L - 1, new Counter());
        long many = perWalk(pair, mem, 512 * 0x1000L - 1, new Counter());
        System.out.printf("x86_64 over intel_ept walk: %d bytes per walk of 8 guest pages, %d of 512%n", few, many);
        // The walk's fault run and page split; one object per leaf would be thousands of bytes.
        assertTrue(many < 256, many + " bytes per walk of 512 guest pages");
        assertTrue(Math.abs(many - few) < 16, few + " bytes per walk of 8 guest pages, " + many + " of 512");
    }

    /** Bytes allocated per walk of 0..last, after warming up, over 2000 walks. */
    private static long perWalk(NestedWalker pair, PhysicalMemory mem, long last, Counter counter) {
        long[] guestRoots = {CR3};
        long[] hostRoots = {EPTP};
        long perWalk = 0;
        for (int round = 0; round < 4; round++) {
            long before = AllocationTest.allocatedBytes();
            for (int i = 0; i < 2000; i++) {
                pair.walk(mem, guestRoots, hostRoots, 0, last, counter);
            }
            perWalk = (AllocationTest.allocatedBytes() - before) / 2000;
        }
        return perWalk;
    }
}
