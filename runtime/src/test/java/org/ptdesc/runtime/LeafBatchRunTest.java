package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store-then-deliver side of {@link LeafBatch} that a generated batched walk uses in its
 * runs of entries: {@link LeafBatch#room}, the {@code add} methods, {@link LeafBatch#full} and
 * {@link LeafBatch#deliverFull}. A run filled to its worst case (two events for each of
 * {@code room()} entries, then one more entry) must come out as batches of exactly the capacity,
 * in the order the events went in, the rest at {@link LeafBatch#finish}; a consumer that stops
 * gets exactly its batches. The expected events are the ones the test put in.
 */
class LeafBatchRunTest {

    /** One event as the consumer reads it back. */
    private static String describe(LeafBatch b, int i) {
        return switch (b.kind(i)) {
            case LEAF -> "leaf " + b.first(i) + " " + b.pa(i) + " " + b.size(i) + " " + b.level(i) + " " + b.entry(i) + " " + b.attributes(i);
            case HOLE -> "hole " + b.first(i) + " " + b.last(i) + " " + b.level(i);
            case FAULT -> "fault " + b.first(i) + " " + b.last(i) + " " + b.level(i) + " " + b.entry(i) + " " + b.failure(i) + " " + b.message(i);
        };
    }

    /** Adds entry {@code k}'s two events (a hole before it, then a leaf or a fault) and returns them. */
    private static List<String> addEntry(LeafBatch b, long k) {
        long va = k << 12;
        b.addHole(va - 4096, va - 1, 3);
        if (k % 3 == 0) {
            b.addFault(va, va + 4095, 3, k, Failure.FAULT, "m" + k);
            return List.of("hole " + (va - 4096) + " " + (va - 1) + " 3", "fault " + va + " " + (va + 4095) + " 3 " + k + " FAULT m" + k);
        }
        b.addLeaf(va, 0x10_0000 + va, 4096, 3, k * 7, k);
        return List.of("hole " + (va - 4096) + " " + (va - 1) + " 3", "leaf " + va + " " + (0x10_0000 + va) + " 4096 3 " + (k * 7) + " " + k);
    }

    @Test
    void runsOfWorstCaseEntriesComeOutAsFullBatchesInOrder() {
        for (int capacity = 1; capacity <= 9; capacity++) {
            List<List<String>> batches = new ArrayList<>();
            LeafBatch batch = new LeafBatch(capacity, b -> {
                List<String> events = new ArrayList<>();
                for (int i = 0; i < b.size(); i++) {
                    events.add(describe(b, i));
                }
                batches.add(events);
                return true;
            });
            batch.start();
            List<String> added = new ArrayList<>();
            long k = 1;
            for (int run = 0; run < 20; run++) {
                assertFalse(batch.full(), "a run starts below full");
                int room = batch.room();
                assertTrue(room >= 1 && batch.size() + 2 * room <= capacity + 1, "room " + room + " at " + batch.size() + " of " + capacity);
                for (int e = 0; e <= room; e++) { // one entry past the bound, as a scan of invalid entries may leave
                    added.addAll(addEntry(batch, k++));
                }
                if (batch.full()) {
                    assertTrue(batch.deliverFull());
                }
            }
            assertTrue(batch.finish());
            List<String> delivered = new ArrayList<>();
            for (int i = 0; i < batches.size(); i++) {
                if (i < batches.size() - 1) {
                    assertEquals(capacity, batches.get(i).size(), "batch " + i + " of capacity " + capacity);
                }
                delivered.addAll(batches.get(i));
            }
            assertEquals(added, delivered, "capacity " + capacity);
            assertFalse(batch.stopped());
        }
    }

    @Test
    void aConsumerThatStopsGetsExactlyItsBatches() {
        int capacity = 4;
        List<String> seen = new ArrayList<>();
        int[] left = {2};
        LeafBatch batch = new LeafBatch(capacity, b -> {
            for (int i = 0; i < b.size(); i++) {
                seen.add(describe(b, i));
            }
            return --left[0] > 0;
        });
        batch.start();
        List<String> added = new ArrayList<>();
        long k = 1;
        boolean going = true;
        while (going) {
            int room = batch.room();
            for (int e = 0; e <= room; e++) {
                added.addAll(addEntry(batch, k++));
            }
            going = !batch.full() || batch.deliverFull();
        }
        assertTrue(batch.stopped());
        assertFalse(batch.finish(), "nothing is delivered after a stop");
        assertEquals(added.subList(0, 2 * capacity), seen);
    }
}
