package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A batch made for a {@link RunVisitor} hands runs on ({@link LeafBatch#deliverRun}) after the
 * events before them, and the {@link EntryRun} reads, clips and decodes its entries as the walk
 * would. The decoder here is a toy with a rule of each kind (0 invalid; bit 0 a leaf; bit 1 a
 * fault; anything else no rule); the expected events are worked out by hand from the entries
 * the test writes.
 */
class EntryRunTest {

    /** 4 KiB entries of 8 bytes: a leaf's address is bits 63..12, its attribute word acc | bit 2. */
    private static final RunDecoder TOY = new RunDecoder() {
        public int runKind(int level, long e, long va) {
            return e == 0 ? INVALID : (e & 1) != 0 ? LEAF : (e & 2) != 0 ? FAULT : NO_RULE;
        }

        public long runPa(int level, long e, long va) {
            return runKind(level, e, va) == LEAF ? (e & ~0xfffL) | (va & 0xfff) : TreeWalker.NO_MAPPING;
        }

        public long runAttributes(int level, long e, long va, long acc) {
            return runKind(level, e, va) == LEAF ? acc | (e & 4) : 0;
        }

        public String runMessage(int level, long e, long va) {
            return runKind(level, e, va) == FAULT ? "bit 1" : "";
        }
    };

    /** A table at 0x1000 whose entries 0..7 are: leaf, 0, 0, fault, leaf+bit 2, 8 (no rule), 0, leaf. */
    private static PhysicalMemory memory() {
        MemorySegment seg = Arena.ofAuto().allocate(0x2000);
        long[] entries = {0x5001, 0, 0, 0x2, 0x7005, 0x8, 0, 0x9001};
        for (int i = 0; i < entries.length; i++) {
            seg.set(ValueLayout.JAVA_LONG_UNALIGNED, 0x1000 + 8L * i, entries[i]);
        }
        return PhysicalMemory.of(seg);
    }

    private static final class Log implements WalkVisitor {
        final List<String> events = new ArrayList<>();

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            events.add("leaf " + Long.toHexString(va) + " " + Long.toHexString(pa) + " " + size + " L" + level + " " + Long.toHexString(entry) + " " + attributes);
            return true;
        }

        @Override
        public boolean hole(long first, long last, int level) {
            events.add("hole " + Long.toHexString(first) + ".." + Long.toHexString(last) + " L" + level);
            return true;
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            events.add("fault " + Long.toHexString(first) + ".." + Long.toHexString(last) + " L" + level + " " + entry + " " + kind + " " + message);
            return true;
        }
    }

    /** A consumer that logs batches and runs (the runs by replay) and stops at its {@code stopAt}th delivery. */
    private static final class Consumer implements RunVisitor {
        final Log log = new Log();
        final List<String> deliveries = new ArrayList<>();
        final int stopAt;
        EntryRun lastRun;

        Consumer(int stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public boolean accept(LeafBatch batch) {
            deliveries.add("batch of " + batch.size());
            batch.replay(log);
            return deliveries.size() != stopAt;
        }

        @Override
        public boolean acceptRun(EntryRun run) {
            deliveries.add("run of " + run.count());
            lastRun = run;
            run.replay(log);
            return deliveries.size() != stopAt;
        }
    }

    @Test
    void aRunComesAfterTheEventsBeforeItClippedAndDecodedAsTheWalkWould() {
        Consumer consumer = new Consumer(0);
        LeafBatch batch = new LeafBatch(64, consumer);
        batch.start(TOY);
        assertTrue(batch.takesRuns());
        batch.addHole(0x0, 0xfff, 0);
        // Entries 1..7 of the table (offsets 8..56), the range from 0x1800 (within entry 1) to 0x7abc.
        assertTrue(batch.deliverRun(memory(), 0x1000, 8, 56, 0x1800, 0x7abc, 0x10, 1, 12, 8, false));
        assertEquals(List.of("batch of 1", "run of 7"), consumer.deliveries);
        assertEquals(List.of(
                "hole 0..fff L0",
                "hole 1800..2fff L1", // entries 1 and 2, the first clipped
                "fault 3000..3fff L1 2 FAULT bit 1",
                "leaf 4000 7000 4096 L1 7005 20", // acc 0x10 | bit 2
                "fault 5000..5fff L1 8 NO_RULE ",
                "hole 6000..6fff L1",
                "leaf 7000 9000 2749 L1 9001 16"), // clipped at 0x7abc: 0xabc + 1 bytes
                consumer.log.events);
        EntryRun run = consumer.lastRun;
        assertEquals(0x1800, run.first(0));
        assertEquals(0x2fff, run.last(1));
        assertEquals(0x7000, run.first(6));
        assertEquals(0x7abc, run.last(6));
        assertEquals(0x1000 + 8 * 4, run.entryAddress(3));
        assertEquals(0x2, run.entry(2));
        assertEquals(LeafBatch.Kind.FAULT, run.kind(run.entry(2), 2));
        assertEquals(Failure.FAULT, run.failure(run.entry(2), 2));
        assertEquals("bit 1", run.message(run.entry(2), 2));
        assertEquals(Failure.NO_RULE, run.failure(run.entry(4), 4));
        assertEquals("", run.message(run.entry(4), 4));
        assertNull(run.failure(run.entry(3), 3));
        assertTrue(run.isLeaf(run.entry(3), 3));
        assertEquals(0x7000, run.pa(run.entry(3), 3));
        assertEquals(0x14, run.attributes(run.entry(3), 3));
        assertTrue(run.isInvalid(run.entry(0), 0));
        assertEquals(TreeWalker.NO_MAPPING, run.pa(run.entry(0), 0));
        assertEquals(0, run.attributes(run.entry(0), 0));
    }

    /**
     * The same entries held four ways: at their address in a flat memory, in a second range at
     * another offset of its segment (both read where they lie), big-endian and 4 bytes wide
     * (both copied): the run reads and decodes the same events from each.
     */
    @Test
    void entriesReadWhereTheyLieOrCopiedGiveTheSameEvents() {
        long[] entries = {0x5001, 0, 0, 0x2, 0x7005, 0x8, 0, 0x9001};
        MemorySegment ranged = Arena.ofAuto().allocate(0x3000);
        MemorySegment big = Arena.ofAuto().allocate(0x2000);
        MemorySegment narrow = Arena.ofAuto().allocate(0x2000);
        for (int i = 0; i < entries.length; i++) {
            ranged.set(ValueLayout.JAVA_LONG_UNALIGNED, 0x2000 + 8L * i, entries[i]); // pa 0x1000 at offset 0x2000
            big.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0x1000 + 8L * i, entries[i]);
            narrow.set(ValueLayout.JAVA_INT_UNALIGNED, 0x1000 + 4L * i, (int) entries[i]);
        }
        PhysicalMemory twoRanges = PhysicalMemory.of(ranged, List.of(
                new PhysicalMemory.Range(0x0, 0x800, 0x0), new PhysicalMemory.Range(0x1000, 0x1000, 0x2000)), "two ranges");
        List<String> expected = runEvents(memory(), 8, 56, 8, false);
        assertEquals(6, expected.size()); // two holes, two faults, two leaves
        assertEquals(expected, runEvents(twoRanges, 8, 56, 8, false), "in a range at another offset");
        assertEquals(expected, runEvents(PhysicalMemory.of(big), 8, 56, 8, true), "big-endian");
        assertEquals(expected, runEvents(PhysicalMemory.of(narrow), 4, 28, 4, false), "4 bytes wide");
    }

    /** The events of one run over entries 1..7 of the table at 0x1000, covering 0x1800..0x7abc. */
    private static List<String> runEvents(PhysicalMemory mem, int firstOffset, int lastOffset, int width, boolean bigEndian) {
        Consumer consumer = new Consumer(0);
        LeafBatch batch = new LeafBatch(64, consumer);
        batch.start(TOY);
        assertTrue(batch.deliverRun(mem, 0x1000, firstOffset, lastOffset, 0x1800, 0x7abc, 0x10, 1, 12, width, bigEndian));
        assertEquals(0x9001, consumer.lastRun.entry(6));
        return consumer.log.events;
    }

    @Test
    void aConsumerThatStopsAtTheBatchBeforeARunGetsNoRun() {
        Consumer consumer = new Consumer(1);
        LeafBatch batch = new LeafBatch(4, consumer);
        batch.start(TOY);
        batch.addHole(0x0, 0xfff, 0);
        assertFalse(batch.deliverRun(memory(), 0x1000, 0, 56, 0x1000, 0x8fff, 0, 1, 12, 8, false));
        assertEquals(List.of("batch of 1"), consumer.deliveries);
        assertTrue(batch.stopped());
        assertFalse(batch.finish());

        Consumer atRun = new Consumer(1);
        LeafBatch second = new LeafBatch(4, atRun);
        second.start(TOY);
        assertFalse(second.deliverRun(memory(), 0x1000, 0, 0, 0x1000, 0x1fff, 0, 1, 12, 8, false));
        assertEquals(List.of("run of 1"), atRun.deliveries);
        assertTrue(second.stopped());
    }

    @Test
    void onlyAConsumerThatTakesRunsInAWalkWithADecoderIsHandedRuns() {
        LeafBatch plain = new LeafBatch(4, b -> true);
        plain.start(TOY);
        assertFalse(plain.takesRuns(), "a plain BatchVisitor");
        LeafBatch runs = new LeafBatch(4, new Consumer(0));
        runs.start();
        assertFalse(runs.takesRuns(), "a walker that does not decode (start())");
        runs.start(TOY);
        assertTrue(runs.takesRuns());
        runs.start();
        assertFalse(runs.takesRuns(), "start() forgets the last walk's decoder");
    }
}
