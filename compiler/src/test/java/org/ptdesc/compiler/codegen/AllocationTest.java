package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Access;
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

    /**
     * The same on memory that is not one flat segment (the same bytes as two adjacent ranges):
     * the plain translate's twin that reads through the memory allocates nothing either.
     */
    @Test
    void translateThroughTheMemoryTwinAllocatesNothing() {
        TreeWalker walker = new WalkerLoader(TreeWalker.class.getClassLoader()).load(IrFixtures.x86_64());
        assertAllocatesNothing(walker, data -> PhysicalMemory.of(data, List.of(new PhysicalMemory.Range(0, 0x8000, 0),
                new PhysicalMemory.Range(0x8000, 0x8000, 0x8000)), "two ranges"));
    }

    static void assertAllocatesNothing(TreeWalker walker) {
        assertAllocatesNothing(walker, PhysicalMemory::of);
    }

    /** With the memory {@code memory} makes of 64 KiB of data. */
    static void assertAllocatesNothing(TreeWalker walker, Function<MemorySegment, PhysicalMemory> memory) {
        PhysicalMemory mem = memory.apply(Arena.ofAuto().allocate(0x10000));
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

    /**
     * The access-checked translate of the shipped x86_64 descriptor (eight rules, protection keys
     * included) allocates nothing either, whether the answer is a physical address, DENIED or
     * NO_MAPPING, with protection keys switched on so that every rule is evaluated.
     */
    @Test
    void accessCheckedTranslateAllocatesNothing() {
        WalkerIr ir = Ptdesc.compile(SampleDescriptorsCodegenTest.SAMPLES.resolve("x86_64.ptdesc"), Map.of())
                .tree("x86_64").orElseThrow();
        TreeWalker walker = new WalkerLoader(TreeWalker.class.getClassLoader()).load(ir);
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10000));
        mem.writeLong(0x1000, 0x2000 | 7, false);
        mem.writeLong(0x2000, 0x3000 | 7, false);
        mem.writeLong(0x3000, 0x4000 | 7, false);
        for (int i = 0; i < 512; i++) {
            // P, U/S; R/W on even pages; protection key 1 on every fourth page (SDM §4.6.2, bits 62:59).
            long flags = 1 | 4 | (i % 2 == 0 ? 2 : 0) | (i % 4 == 0 ? 1L << 59 : 0);
            mem.writeLong(0x4000 + 8L * i, (0x10_0000L + 0x1000L * i) | flags, false);
        }
        long modes = walker.info().modeWord(Map.of("PKE", 1L, "PKRU", 0b1000L)); // WD for key 1
        int[] accesses = {Access.READ | Access.USER, Access.WRITE | Access.USER, Access.EXECUTE | Access.USER,
                Access.READ, Access.WRITE};
        long[] seen = new long[3];
        for (int warm = 0; warm < 3; warm++) {
            long before = allocatedBytes();
            for (int i = 0; i < 200_000; i++) {
                long va = (i % 7 == 0 ? 0x40_0000L : 0) + 0x1000L * (i % 512) + i % 4096;
                long pa = walker.translate(mem, 0x1000, va, accesses[i % accesses.length], modes);
                seen[pa == TreeWalker.DENIED ? 1 : pa == TreeWalker.NO_MAPPING ? 2 : 0]++;
            }
            long allocated = allocatedBytes() - before;
            if (warm == 2) {
                assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
            }
        }
        assertTrue(seen[0] > 0 && seen[1] > 0 && seen[2] > 0, java.util.Arrays.toString(seen));
    }
}
