package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The queue between one adding and one taking thread of {@link ParallelWalk}'s in-order walk. */
class BatchQueueTest {

    private static LeafBatch batch() {
        return new LeafBatch(2, b -> true);
    }

    @Test
    void firstInFirstOutWithinCapacity() {
        BatchQueue q = new BatchQueue(3);
        assertNull(q.poll());
        LeafBatch a = batch();
        LeafBatch b = batch();
        LeafBatch c = batch();
        q.add(a);
        q.add(b);
        q.add(c);
        assertThrows(IllegalStateException.class, () -> q.add(batch()), "a fourth batch does not fit");
        assertSame(a, q.poll());
        q.add(a); // wraps around the array
        assertSame(b, q.poll());
        assertSame(c, q.take(0));
        assertSame(a, q.take(0));
        assertNull(q.poll());
    }

    /** Batches circulate between two threads as in a walk: each comes back before it is reused. */
    @Test
    void twoThreadsPassEveryBatchInOrderAndWaitForEachOther() throws InterruptedException {
        int n = 200_000;
        BatchQueue full = new BatchQueue(4);
        BatchQueue empty = new BatchQueue(4);
        for (int i = 0; i < 4; i++) {
            empty.add(batch());
        }
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread producer = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    LeafBatch b = empty.take(i % 2 == 0 ? 0 : 10_000); // parks as well as spins
                    b.start();
                    b.hole(i, i, 0);
                    full.add(b);
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        for (int i = 0; i < n; i++) {
            LeafBatch b = full.take(i % 3 == 0 ? 0 : 10_000);
            assertEquals(1, b.size());
            assertEquals(i, b.first(0), "batches arrive in the order added");
            empty.add(b);
        }
        producer.join();
        assertNull(failed.get());
        assertNull(full.poll());
    }

    @Test
    void anInterruptDoesNotEndTheWaitAndIsKept() throws InterruptedException {
        BatchQueue q = new BatchQueue(1);
        LeafBatch b = batch();
        AtomicReference<LeafBatch> got = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread taker = Thread.ofPlatform().start(() -> {
            got.set(q.take(0));
            flag.set(Thread.currentThread().isInterrupted());
        });
        taker.interrupt();
        Thread.sleep(20);
        assertTrue(taker.isAlive(), "still waiting after the interrupt");
        q.add(b);
        taker.join(10_000);
        assertSame(b, got.get());
        assertTrue(flag.get(), "the interrupt flag is set again");
    }
}
