package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.testwalkers.SyntheticTreeWalker;

/**
 * {@link ParallelWalk} on a large synthetic tree ({@link SyntheticTreeWalker}), against the
 * one-thread batched walk of the same walker: the same events in order ({@code inOrder}) or,
 * as a multiset, per thread (batched, and per leaf with {@code perThreadVisitors}); walk after
 * walk on one {@code ParallelWalk} (its helper threads reused, daemons), from several threads at once, inside another walk's visitor, with stops,
 * with exceptions of the walker and of the visitor on either thread, and with the caller
 * interrupted.
 */
class ParallelWalkTest {

    private static final long LAST = (1L << 22) - 1;

    /** One event as the batch holds it, hashed: kind, first, last, pa, level, entry. */
    private static long event(LeafBatch b, int i) {
        return event(b.kind(i), b.first(i), b.last(i), b.isLeaf(i) ? b.pa(i) : 0, b.level(i), b.entry(i));
    }

    /** One event hashed: the pa of leaves only, the entry of all but holes. */
    private static long event(LeafBatch.Kind kind, long first, long last, long pa, int level, long entry) {
        long h = kind.ordinal();
        h = h * 0x9e3779b97f4a7c15L + first;
        h = h * 0x9e3779b97f4a7c15L + last;
        h = h * 0x9e3779b97f4a7c15L + level;
        if (kind != LeafBatch.Kind.HOLE) {
            h = h * 0x9e3779b97f4a7c15L + entry;
        }
        if (kind == LeafBatch.Kind.LEAF) {
            h = h * 0x9e3779b97f4a7c15L + pa;
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

    /** A per-leaf visitor's leaves, holes and faults in order, hashed as {@link #event} hashes them; and its thread. */
    private static final class LeafLog implements WalkVisitor {
        final List<Long> events = new ArrayList<>();
        final List<Long> firsts = new ArrayList<>();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        int tables;

        private boolean add(LeafBatch.Kind kind, long first, long last, long pa, int level, long entry) {
            threads.add(Thread.currentThread());
            events.add(event(kind, first, last, pa, level, entry));
            firsts.add(first);
            return true;
        }

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            return add(LeafBatch.Kind.LEAF, va, va + size - 1, pa, level, entry);
        }

        @Override
        public boolean hole(long first, long last, int level) {
            return add(LeafBatch.Kind.HOLE, first, last, 0, level, 0);
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            return add(LeafBatch.Kind.FAULT, first, last, 0, level, entry);
        }

        @Override
        public Action pre(long first, long last, int level, long table) {
            tables++;
            return Action.CONTINUE;
        }
    }

    @Test
    void perThreadVisitorsSeeTheOneThreadEventsEachThreadInOrder() {
        int multi = 0;
        for (long seed = 21; seed <= 24; seed++) {
            TreeWalker walker = new SyntheticTreeWalker(seed, -1);
            LeafLog one = new LeafLog();
            walker.walk(null, new long[] {0}, 0, LAST, one);
            assertTrue(one.events.size() > 20_000, "a tree of " + one.events.size() + " events is too small to show anything");
            // The batched walk's events, hashed alike: the per-leaf log hashes what a batch holds.
            assertEquals(sorted(oneThread(walker, 0, LAST)), sorted(one.events));
            for (int threads : new int[] {1, 2, 3, 8}) {
                ParallelWalk parallel = new ParallelWalk(walker, threads);
                List<LeafLog> logs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    logs.add(new LeafLog());
                }
                assertTrue(parallel.perThreadVisitors(null, new long[] {0}, 0, LAST, logs::get));
                List<Long> all = new ArrayList<>();
                Set<Thread> seen = new HashSet<>();
                int tables = 0;
                for (LeafLog log : logs) {
                    for (int i = 1; i < log.firsts.size(); i++) {
                        assertTrue(log.firsts.get(i - 1) < log.firsts.get(i), "a thread's events out of order");
                    }
                    all.addAll(log.events);
                    assertTrue(log.threads.size() <= 1, "one visitor called from " + log.threads.size() + " threads");
                    seen.addAll(log.threads);
                    tables += log.tables;
                }
                assertEquals(sorted(one.events), sorted(all), "seed " + seed + ", " + threads + " threads");
                multi += seen.size() >= 2 ? 1 : 0;
                // Every table once, and those above a piece once more for each piece after the first that descends through them.
                assertTrue(tables >= one.tables, tables + " tables, " + one.tables + " in one walk");
            }
        }
        // A helper that starts late may find every piece taken; in some of the 12 walks on 2 to 8 threads, one did not.
        assertTrue(multi > 0, "no walk had more than one thread");
    }

    /** Spins until {@code condition} holds, 5 s at most. */
    private static void waitFor(BooleanSupplier condition) {
        long until = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void aPerThreadVisitorThatStopsStopsTheOthersAtTheirNextTable() {
        TreeWalker walker = new SyntheticTreeWalker(25, -1);
        LeafLog whole = new LeafLog();
        walker.walk(null, new long[] {0}, 0, LAST, whole);
        ParallelWalk parallel = new ParallelWalk(walker, 2);
        int checked = 0;
        for (int stopAt : new int[] {1, 100, 5_000}) {
            int[] leaves = new int[2];
            AtomicInteger otherLeaves = new AtomicInteger();
            AtomicBoolean stopped = new AtomicBoolean();
            boolean[] resumed = {false};
            int[] afterStop = {0, 0};
            boolean completed = parallel.perThreadVisitors(null, new long[] {0}, 0, LAST, t -> new WalkVisitor() {
                @Override
                public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                    if (t == 0) {
                        if (stopped.get()) {
                            afterStop[0]++;
                            return true;
                        }
                        if (++leaves[0] == stopAt) {
                            // Stop while the other thread waits in a leaf of its own (if it ever walks).
                            waitFor(() -> otherLeaves.get() > 0);
                            stopped.set(true);
                            return false;
                        }
                        return true;
                    }
                    if (otherLeaves.incrementAndGet() == 1) {
                        waitFor(stopped::get);
                        try {
                            // Long after this thread's stop was returned, enter no table.
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                        resumed[0] = stopped.get();
                    }
                    return true;
                }

                @Override
                public Action pre(long first, long last, int level, long table) {
                    if (t == 0 ? stopped.get() : resumed[0]) {
                        afterStop[t]++;
                    }
                    return Action.CONTINUE;
                }
            });
            assertFalse(completed, "a stopped walk reported complete");
            assertEquals(stopAt, leaves[0], "leaves before the stop");
            assertEquals(0, afterStop[0], "events on this thread after it stopped");
            assertEquals(0, afterStop[1], "tables the other thread entered after the stop");
            assertTrue(leaves[0] + otherLeaves.get() < whole.events.size(), "the walk went on to the end");
            checked += resumed[0] ? 1 : 0;
        }
        assertTrue(checked > 0, "the other thread never walked on after a stop: nothing was checked");
        // A helper's visitor that throws: rethrown here, and the same ParallelWalk walks on.
        RuntimeException thrown = new RuntimeException("the visitor gives up");
        Thread caller = Thread.currentThread();
        int threw = 0;
        for (int attempt = 0; attempt < 50 && threw == 0; attempt++) {
            try {
                parallel.perThreadVisitors(null, new long[] {0}, 0, LAST, t -> (va, pa, size, level, entry, attributes) -> {
                    if (Thread.currentThread() != caller) {
                        throw thrown;
                    }
                    return true;
                });
            } catch (RuntimeException e) {
                assertSame(thrown, e);
                threw++;
            }
        }
        assertEquals(1, threw, "no helper ever walked");
        ParallelWalk failing = new ParallelWalk(new SyntheticTreeWalker(25, 0x20_0000), 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> failing.perThreadVisitors(null, new long[] {0}, 0, LAST, t -> (va, pa, size, level, entry, attributes) -> true));
        assertTrue(e.getMessage().contains("reached " + 0x20_0000), e.getMessage());
        LeafLog after = new LeafLog();
        LeafLog other = new LeafLog();
        assertTrue(parallel.perThreadVisitors(null, new long[] {0}, 0, LAST, t -> t == 0 ? after : other));
        List<Long> both = new ArrayList<>(after.events);
        both.addAll(other.events);
        assertEquals(sorted(whole.events), sorted(both));
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
