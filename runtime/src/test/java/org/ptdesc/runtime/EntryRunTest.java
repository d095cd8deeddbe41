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
        public long runEntry(PhysicalMemory mem, long pa) {
            return mem.readLong(pa);
        }

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
        assertTrue(batch.deliverRun(memory(), 0x1000, 8, 56, 0x1800, 0x7abc, 0x10, 1, 12, 8));
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
        assertEquals(LeafBatch.Kind.FAULT, run.kind(2));
        assertEquals(Failure.FAULT, run.failure(2));
        assertEquals("bit 1", run.message(2));
        assertEquals(Failure.NO_RULE, run.failure(4));
        assertEquals("", run.message(4));
        assertNull(run.failure(3));
        assertTrue(run.isInvalid(0));
        assertEquals(TreeWalker.NO_MAPPING, run.pa(0));
        assertEquals(0, run.attributes(0));
    }

    @Test
    void aConsumerThatStopsAtTheBatchBeforeARunGetsNoRun() {
        Consumer consumer = new Consumer(1);
        LeafBatch batch = new LeafBatch(4, consumer);
        batch.start(TOY);
        batch.addHole(0x0, 0xfff, 0);
        assertFalse(batch.deliverRun(memory(), 0x1000, 0, 56, 0x1000, 0x8fff, 0, 1, 12, 8));
        assertEquals(List.of("batch of 1"), consumer.deliveries);
        assertTrue(batch.stopped());
        assertFalse(batch.finish());

        Consumer atRun = new Consumer(1);
        LeafBatch second = new LeafBatch(4, atRun);
        second.start(TOY);
        assertFalse(second.deliverRun(memory(), 0x1000, 0, 0, 0x1000, 0x1fff, 0, 1, 12, 8));
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
