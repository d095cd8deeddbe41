package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.testwalkers.SyntheticTreeWalker;

/**
 * {@link ParallelWalk} on a large synthetic tree ({@link SyntheticTreeWalker}), against the
 * one-thread batched walk of the same walker: the same events in order ({@code inOrder}) or,
 * as a multiset, per thread; walk after walk on one {@code ParallelWalk} (its helper threads
 * reused, daemons), from several threads at once, inside another walk's visitor, with stops,
 * with exceptions of the walker and of the visitor on either thread, and with the caller
 * interrupted.
 */
class ParallelWalkTest {

    private static final long LAST = (1L << 22) - 1;

    /** One event as the batch holds it, hashed: kind, first, last, pa, level, entry. */
    private static long event(LeafBatch b, int i) {
        long h = b.kind(i).ordinal();
        h = h * 0x9e3779b97f4a7c15L + b.first(i);
        h = h * 0x9e3779b97f4a7c15L + b.last(i);
        h = h * 0x9e3779b97f4a7c15L + b.level(i);
        if (b.kind(i) != LeafBatch.Kind.HOLE) {
            h = h * 0x9e3779b97f4a7c15L + b.entry(i);
        }
        if (b.isLeaf(i)) {
            h = h * 0x9e3779b97f4a7c15L + b.pa(i);
        }
        return h;
    }

    /** The events of a walk in order: their count, and the list of their hashes. */
    private static final class Log implements BatchVisitor {
        final List<Long> events = new ArrayList<>();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        @Override
        public boolean accept(LeafBatch b) {
            threads.add(Thread.currentThread());
            for (int i = 0; i < b.size(); i++) {
                events.add(event(b, i));
            }
            return true;
        }
    }

    private static List<Long> oneThread(TreeWalker walker, long first, long last) {
        Log log = new Log();
        walker.walkBatched(null, new long[] {0}, first, last, new LeafBatch(64, log));
        return log.events;
    }

    private static List<Long> perThread(ParallelWalk parallel, int threads, long first, long last, Set<Thread> seen) {
        List<Log> logs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            logs.add(new Log());
        }
        assertTrue(parallel.perThread(null, new long[] {0}, first, last, logs::get));
        List<Long> all = new ArrayList<>();
        for (Log log : logs) {
            all.addAll(log.events);
            seen.addAll(log.threads);
        }
        Collections.sort(all);
        return all;
    }

    private static List<Long> sorted(List<Long> events) {
        List<Long> copy = new ArrayList<>(events);
        Collections.sort(copy);
        return copy;
    }

    @Test
    void everyFormDeliversTheOneThreadEvents() {
        for (long seed = 1; seed <= 6; seed++) {
            TreeWalker walker = new SyntheticTreeWalker(seed, -1);
            List<Long> whole = oneThread(walker, 0, LAST);
            assertTrue(whole.size() > 20_000, "a tree of " + whole.size() + " events is too small to show anything");
            long first = seed * 0x1_2345 % LAST;
            long last = first + (LAST - first) / 3;
            List<Long> part = oneThread(walker, first, last);
            for (int threads : new int[] {2, 3, 8}) {
                ParallelWalk parallel = new ParallelWalk(walker, threads, 1 + (int) seed * 37);
                List<long[]> pieces = parallel.pieces(null, new long[] {0}, 0, LAST);
                assertTrue(pieces.size() >= 8, "only " + pieces.size() + " pieces");
                for (int k = 0; k < pieces.size(); k++) {
                    assertEquals(k == 0 ? 0 : pieces.get(k - 1)[1] + 1, pieces.get(k)[0], "piece " + k + " follows the last");
                }
                assertEquals(LAST, pieces.getLast()[1]);
                Log ordered = new Log();
                assertTrue(parallel.inOrder(null, new long[] {0}, 0, LAST, ordered));
                assertEquals(whole, ordered.events, "in order, seed " + seed + ", " + threads + " threads");
                Log partly = new Log();
                assertTrue(parallel.inOrder(null, new long[] {0}, first, last, partly));
                assertEquals(part, partly.events, "in order, part of the range");
                assertEquals(sorted(whole), perThread(parallel, threads, 0, LAST, ConcurrentHashMap.newKeySet()), "per thread");
                assertEquals(sorted(part), perThread(parallel, threads, first, last, ConcurrentHashMap.newKeySet()), "per thread, part");
            }
        }
    }

    @Test
    void walkAfterWalkReusesAFewDaemonHelpers() {
        TreeWalker walker = new SyntheticTreeWalker(7, -1);
        List<Long> whole = oneThread(walker, 0, LAST);
        ParallelWalk parallel = new ParallelWalk(walker, 2);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int walk = 0; walk < 60; walk++) {
            assertEquals(sorted(whole), perThread(parallel, 2, 0, LAST, seen), "walk " + walk);
            Log ordered = new Log();
            assertTrue(parallel.inOrder(null, new long[] {0}, 0, LAST, ordered));
            assertEquals(whole, ordered.events, "walk " + walk);
        }
        seen.remove(Thread.currentThread());
        // A thread started per walk would make 60 here; the helpers are parked and reused instead.
        assertFalse(seen.isEmpty(), "no helper ever walked");
        assertTrue(seen.size() <= 8, seen.size() + " helper threads for 60 walks");
        for (Thread helper : seen) {
            assertTrue(helper.isDaemon(), helper + " keeps the JVM alive");
            // A helper stays awake (RUNNABLE) for WalkCrew.LINGER_NANOS after a walk, then parks.
            long until = System.nanoTime() + 2_000_000_000L;
            while (helper.getState() == Thread.State.RUNNABLE && System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            assertNotEquals(Thread.State.RUNNABLE, helper.getState(), helper + " still runs 2 s after the walks");
        }
    }

    @Test
    void aPartTakenBackLeavesItsHelperInTheCrew() {
        // A range of one entry: the caller is usually done before the helper starts, and takes its part back.
        TreeWalker walker = new SyntheticTreeWalker(7, -1);
        List<Long> whole = oneThread(walker, 0, 0);
        ParallelWalk parallel = new ParallelWalk(walker, 2);
        for (int walk = 0; walk < 400; walk++) {
            assertEquals(sorted(whole), perThread(parallel, 2, 0, 0, ConcurrentHashMap.newKeySet()), "walk " + walk);
            Log ordered = new Log();
            assertTrue(parallel.inOrder(null, new long[] {0}, 0, 0, ordered));
            assertEquals(whole, ordered.events, "walk " + walk);
        }
        // Once the walks are over every helper is idle again, also those whose part was taken back
        // (how many helpers there are depends on how soon the machine ran them, not on the walks).
        long until = System.nanoTime() + 5_000_000_000L;
        while (WalkCrew.idle() != WalkCrew.alive() && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
        assertEquals(WalkCrew.alive(), WalkCrew.idle(), "helpers alive and idle 5 s after the walks");
    }

    @Test
    void walksFromSeveralThreadsAtOnceAndInsideAWalk() throws InterruptedException {
        TreeWalker walker = new SyntheticTreeWalker(8, -1);
        List<Long> whole = oneThread(walker, 0, LAST);
        ParallelWalk parallel = new ParallelWalk(walker, 2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            boolean ordered = c % 2 == 0;
            callers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                    for (int walk = 0; walk < 15; walk++) {
                        if (ordered) {
                            Log log = new Log();
                            assertTrue(parallel.inOrder(null, new long[] {0}, 0, LAST, log));
                            assertEquals(whole, log.events);
                        } else {
                            assertEquals(sorted(whole), perThread(parallel, 2, 0, LAST, ConcurrentHashMap.newKeySet()));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        start.countDown();
        for (Thread caller : callers) {
            caller.join();
        }
        assertNull(failure.get(), () -> "a concurrent walk failed: " + failure.get());

        // A visitor that walks again with the same ParallelWalk, on whichever thread it runs.
        List<Long> inner = oneThread(walker, 0, 0xffff);
        int[] nested = {0};
        assertTrue(parallel.perThread(null, new long[] {0}, 0, LAST, t -> b -> {
            Log log = new Log();
            assertTrue(parallel.inOrder(null, new long[] {0}, 0, 0xffff, log));
            assertEquals(inner, log.events);
            synchronized (nested) {
                nested[0]++;
            }
            return true;
        }));
        assertTrue(nested[0] > 10, "only " + nested[0] + " walks inside the walk");
    }

    @Test
    void aStoppedWalkDeliversAPrefixAndEnds() {
        TreeWalker walker = new SyntheticTreeWalker(9, -1);
        List<Long> whole = oneThread(walker, 0, LAST);
        for (int threads : new int[] {2, 4}) {
            ParallelWalk parallel = new ParallelWalk(walker, threads, 100);
            for (int batches : new int[] {1, 5, 40, 150}) {
                Log log = new Log();
                int[] left = {batches};
                assertFalse(parallel.inOrder(null, new long[] {0}, 0, LAST, b -> log.accept(b) && --left[0] > 0));
                assertEquals(0, left[0]);
                assertEquals(whole.subList(0, log.events.size()), log.events, "stopped after " + batches + " batches");

                int[] delivered = {0};
                assertFalse(parallel.perThread(null, new long[] {0}, 0, LAST, t -> b -> {
                    synchronized (delivered) {
                        return ++delivered[0] < batches;
                    }
                }));
                // Each other thread delivers at most the batch it was filling when the stop came.
                assertTrue(delivered[0] < batches + threads, delivered[0] + " batches after a stop at " + batches);
            }
            // The walk still works afterwards.
            Log log = new Log();
            assertTrue(parallel.inOrder(null, new long[] {0}, 0, LAST, log));
            assertEquals(whole, log.events);
        }
    }

    @Test
    void anExceptionIsRethrownOnceEveryThreadHasEnded() {
        ParallelWalk clean = new ParallelWalk(new SyntheticTreeWalker(10, -1), 2);
        List<Long> whole = oneThread(new SyntheticTreeWalker(10, -1), 0, LAST);
        // The walker throws near the start (this thread's or a helper's first pieces) or near the end.
        for (long at : new long[] {0x1_0000, 0x20_0000, LAST - 0x100}) {
            ParallelWalk failing = new ParallelWalk(new SyntheticTreeWalker(10, at), 2);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> failing.inOrder(null, new long[] {0}, 0, LAST, b -> true));
            assertTrue(e.getMessage().contains("reached " + at), e.getMessage());
            assertThrows(IllegalStateException.class,
                    () -> failing.perThread(null, new long[] {0}, 0, LAST, t -> b -> true));
        }
        // The visitor throws, in order (always on this thread) and per thread (on either).
        RuntimeException thrown = new RuntimeException("the visitor gives up");
        int[] calls = {0};
        assertSame(thrown, assertThrows(RuntimeException.class, () -> clean.inOrder(null, new long[] {0}, 0, LAST, b -> {
            if (++calls[0] == 20) {
                throw thrown;
            }
            return true;
        })));
        // Per thread, the visitor of this thread or of a helper throws at its first batch; a
        // helper that found no piece left gets none, so the walk is repeated until one threw.
        Thread caller = Thread.currentThread();
        for (boolean onHelper : new boolean[] {false, true}) {
            int threw = 0;
            for (int attempt = 0; attempt < 50 && threw == 0; attempt++) {
                boolean[] reached = {false};
                try {
                    clean.perThread(null, new long[] {0}, 0, LAST, t -> b -> {
                        if ((Thread.currentThread() != caller) == onHelper) {
                            reached[0] = true;
                            throw thrown;
                        }
                        return true;
                    });
                    assertFalse(reached[0], "the visitor threw, the walk did not");
                } catch (RuntimeException e) {
                    assertSame(thrown, e);
                    assertTrue(reached[0]);
                    threw++;
                }
            }
            assertEquals(1, threw, onHelper ? "no helper ever walked" : "this thread never walked");
        }
        // Nothing was left waiting: the same ParallelWalk walks on.
        Log log = new Log();
        assertTrue(clean.inOrder(null, new long[] {0}, 0, LAST, log));
        assertEquals(whole, log.events);
    }

    @Test
    void anInterruptedCallerWalksToTheEndAndKeepsItsInterrupt() {
        TreeWalker walker = new SyntheticTreeWalker(11, -1);
        List<Long> whole = oneThread(walker, 0, LAST);
        ParallelWalk parallel = new ParallelWalk(walker, 2, 16);
        try {
            Thread.currentThread().interrupt();
            Log log = new Log();
            assertTrue(parallel.inOrder(null, new long[] {0}, 0, LAST, log));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
            assertEquals(whole, log.events);
            assertEquals(sorted(whole), perThread(parallel, 2, 0, LAST, ConcurrentHashMap.newKeySet()));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
        } finally {
            Thread.interrupted();
        }
    }
}
