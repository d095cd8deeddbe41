package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The plain translate path and the walk allocate nothing at run time, measured with the JVM's
 * per-thread allocation counter over many calls (mapped, unmapped, outside memory and
 * out-of-range addresses; a walk over thousands of entries), not only read off the bytecode.
 */
class AllocationTest {

    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    /** A visitor that counts and allocates nothing. */
    static final class Counter implements WalkVisitor {
        long events;

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            events++;
            return true;
        }

        @Override
        public boolean hole(long first, long last, int level) {
            events++;
            return true;
        }
    }

    @Test
    void translateAndWalkAllocateNothing() {
        assertAllocatesNothing(new WalkerLoader(TreeWalker.class.getClassLoader()).load(IrFixtures.x86_64()));
    }

    /** The same with every level out of line: not-present entries take the tail call to the twin. */
    @Test
    void translateThroughFastAcceptsAndTheTwinAllocatesNothing() {
        byte[] bytes = WalkerGenerator.generate(IrFixtures.x86_64(), "t.AllocOutOfLine", 0);
        assertTrue(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).contains(TranslateEmitter.IN_FULL));
        assertAllocatesNothing(new WalkerLoader(TreeWalker.class.getClassLoader()).define("t.AllocOutOfLine", bytes));
    }

    static void assertAllocatesNothing(TreeWalker walker) {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10000));
        mem.writeLong(0x1000, 0x2000 | 7, false);
        mem.writeLong(0x2000, 0x3000 | 7, false);
        mem.writeLong(0x3000, 0x4000 | 7, false);
        mem.writeLong(0x3008, 0x1_0000_0000L | 7, false); // table outside memory
        for (int i = 0; i < 512; i += 2) {
            mem.writeLong(0x4000 + 8L * i, (0x10_0000L + 0x1000L * i) | 7, false);
        }
        long[] vas = {0x1234, 0x3000, 0x20_0000, 0x8000_0000_0000L, -1L, 0x40_0000};
        long sum = 0;
        Counter counter = new Counter();
        for (int warm = 0; warm < 3; warm++) {
            long before = allocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                sum += walker.translate(mem, 0x1000, vas[i % vas.length] + i % 4096);
            }
            for (int i = 0; i < 20; i++) {
                walker.walk(mem, 0x1000, 0, -1L, counter);
            }
            long allocated = allocatedBytes() - before;
            if (warm == 2) {
                // A few bytes of slack for the counter's own bookkeeping; one object per call would be megabytes.
                assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
            }
        }
        assertNotEquals(0, sum);
        assertTrue(counter.events > 20 * 256);
    }
}
