package org.ptdesc.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.testwalkers.SyntheticTreeWalker;

/**
 * {@link PieceWalk} on a large synthetic tree ({@link SyntheticTreeWalker}): the visitors of
 * the pieces, closed in address order, hold together exactly the one-thread walk's leaves,
 * holes and faults in order, on 1 to 8 threads and for parts of the range; the pieces follow
 * each other without gaps; pieces are walked on several threads, never many ahead of the one
 * due; a stop closes no later piece; exceptions of the walker, of a visitor and of
 * {@code close} come back once every thread has ended; an interrupted caller keeps its
 * interrupt.
 */
class PieceWalkTest {

    private static final long LAST = (1L << 22) - 1;

    /** The leaves, holes and faults a walk delivers, each as a line, and the thread it was walked on. */
    private static final class Events implements WalkVisitor {
        final List<String> lines = new ArrayList<>();
        final long first;
        final long last;
        final Thread thread = Thread.currentThread();

        Events(long first, long last) {
            this.first = first;
            this.last = last;
        }

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            lines.add("leaf " + Long.toHexString(va) + " " + Long.toHexString(pa) + " " + size + " " + level + " " + entry);
            return true;
        }

        @Override
        public boolean hole(long first, long last, int level) {
            lines.add("hole " + Long.toHexString(first) + " " + Long.toHexString(last) + " " + level);
            return true;
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            lines.add("fault " + Long.toHexString(first) + " " + Long.toHexString(last) + " " + level + " " + kind);
            return true;
        }
    }

    private static List<String> oneThread(TreeWalker walker, long first, long last) {
        Events events = new Events(first, last);
        walker.walk(null, new long[] {0}, first, last, events);
        return events.lines;
    }

    /** What a piece walk closes, in order, checked piece by piece against the bounds it was opened with. */
    private static class Closed implements PieceWalk.Pieces<Events> {
        final List<String> lines = new ArrayList<>();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        final Thread caller = Thread.currentThread();
        long next;
        int pieces;

        Closed(long first) {
            next = first;
        }

        @Override
        public Events open(long first, long last) {
            return new Events(first, last);
        }

        @Override
        public boolean close(Events visitor, long first, long last) {
            assertSame(caller, Thread.currentThread(), "closed on another thread");
            assertEquals(next, first, "piece " + pieces + " does not follow the last");
            assertEquals(visitor.first, first);
            assertEquals(visitor.last, last);
            next = last + 1;
            threads.add(visitor.thread);
            lines.addAll(visitor.lines);
            pieces++;
            return true;
        }
    }

    @Test
    void thePiecesInOrderHoldTheOneThreadWalk() {
        for (long seed = 1; seed <= 4; seed++) {
            TreeWalker walker = new SyntheticTreeWalker(seed, -1);
            List<String> whole = oneThread(walker, 0, LAST);
            assertTrue(whole.size() > 20_000, "a tree of " + whole.size() + " events is too small to show anything");
            long first = seed * 0x1_2345 % LAST;
            long last = first + (LAST - first) / 3;
            List<String> part = oneThread(walker, first, last);
            for (int threads : new int[] {1, 2, 3, 8}) {
                PieceWalk walk = new PieceWalk(walker, threads);
                Closed all = new Closed(0);
                assertTrue(walk.walk(null, new long[] {0}, 0, LAST, all));
                assertEquals(whole, all.lines, "seed " + seed + ", " + threads + " threads");
                assertEquals(LAST + 1, all.next, "the pieces end where the range ends");
                assertTrue(all.pieces >= 8, "only " + all.pieces + " pieces");
                Closed partly = new Closed(first);
                assertTrue(walk.walk(null, new long[] {0}, first, last, partly));
                assertEquals(part, partly.lines, "part of the range, " + threads + " threads");
                assertEquals(last + 1, partly.next);
            }
        }
    }

    @Test
    void helpersWalkPiecesButNeverFarAheadOfTheOneDue() {
        TreeWalker walker = new SyntheticTreeWalker(5, -1);
        List<String> whole = oneThread(walker, 0, LAST);
        PieceWalk walk = new PieceWalk(walker, 2);
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 20; round++) {
            AtomicInteger opened = new AtomicInteger();
            int[] closed = {0};
            int[] mostAhead = {0};
            List<String> lines = new ArrayList<>();
            assertTrue(walk.walk(null, new long[] {0}, 0, LAST, new PieceWalk.Pieces<Events>() {
                @Override
                public Events open(long first, long last) {
                    opened.incrementAndGet();
                    return new Events(first, last);
                }

                @Override
                public boolean close(Events visitor, long first, long last) {
                    // Opened pieces not yet closed: this one and those walked or being walked ahead of it.
                    mostAhead[0] = Math.max(mostAhead[0], opened.get() - closed[0]);
                    closed[0]++;
                    seen.add(visitor.thread);
                    lines.addAll(visitor.lines);
                    return true;
                }
            }));
            assertEquals(whole, lines);
            assertTrue(mostAhead[0] <= PieceWalk.AHEAD_PER_THREAD * 2,
                    mostAhead[0] + " pieces open at once, at most " + PieceWalk.AHEAD_PER_THREAD * 2 + " allowed");
        }
        seen.remove(Thread.currentThread());
        assertFalse(seen.isEmpty(), "no helper ever walked a piece");
    }

    @Test
    void aStopClosesNoLaterPiece() {
        TreeWalker walker = new SyntheticTreeWalker(6, -1);
        List<String> whole = oneThread(walker, 0, LAST);
        for (int threads : new int[] {1, 2, 4}) {
            PieceWalk walk = new PieceWalk(walker, threads);
            for (int stopAt : new int[] {1, 3, 17}) {
                List<String> lines = new ArrayList<>();
                int[] closed = {0};
                assertFalse(walk.walk(null, new long[] {0}, 0, LAST, new PieceWalk.Pieces<Events>() {
                    @Override
                    public Events open(long first, long last) {
                        return new Events(first, last);
                    }

                    @Override
                    public boolean close(Events visitor, long first, long last) {
                        lines.addAll(visitor.lines);
                        return ++closed[0] < stopAt;
                    }
                }));
                assertEquals(stopAt, closed[0], "pieces closed after a stop at " + stopAt);
                assertEquals(whole.subList(0, lines.size()), lines);
            }
            Closed all = new Closed(0);
            assertTrue(walk.walk(null, new long[] {0}, 0, LAST, all), "the walk works after stops");
            assertEquals(whole, all.lines);
        }
    }

    @Test
    void exceptionsComeBackOnceEveryThreadHasEnded() {
        // The walker throws near the start or near the end of the range.
        for (long at : new long[] {0x1_0000, LAST - 0x100}) {
            PieceWalk failing = new PieceWalk(new SyntheticTreeWalker(10, at), 2);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> failing.walk(null, new long[] {0}, 0, LAST, new Closed(0)));
            assertTrue(e.getMessage().contains("reached " + at), e.getMessage());
        }
        PieceWalk clean = new PieceWalk(new SyntheticTreeWalker(10, -1), 2);
        RuntimeException thrown = new RuntimeException("gives up");
        // open, on whichever thread takes the 5th piece.
        AtomicInteger opens = new AtomicInteger();
        assertSame(thrown, assertThrows(RuntimeException.class, () -> clean.walk(null, new long[] {0}, 0, LAST, new Closed(0) {
            @Override
            public Events open(long first, long last) {
                if (opens.incrementAndGet() == 5) {
                    throw thrown;
                }
                return super.open(first, last);
            }
        })));
        // close, on this thread.
        int[] closes = {0};
        assertSame(thrown, assertThrows(RuntimeException.class, () -> clean.walk(null, new long[] {0}, 0, LAST, new Closed(0) {
            @Override
            public boolean close(Events visitor, long first, long last) {
                if (++closes[0] == 7) {
                    throw thrown;
                }
                return super.close(visitor, first, last);
            }
        })));
        Closed all = new Closed(0);
        assertTrue(clean.walk(null, new long[] {0}, 0, LAST, all), "the walk works after failures");
        assertEquals(oneThread(new SyntheticTreeWalker(10, -1), 0, LAST), all.lines);
    }

    @Test
    void anInterruptedCallerWalksToTheEndAndKeepsItsInterrupt() {
        TreeWalker walker = new SyntheticTreeWalker(11, -1);
        List<String> whole = oneThread(walker, 0, LAST);
        try {
            Thread.currentThread().interrupt();
            Closed all = new Closed(0);
            assertTrue(new PieceWalk(walker, 2).walk(null, new long[] {0}, 0, LAST, all));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt was swallowed");
            assertEquals(whole, all.lines);
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void threadsMustBeAtLeastOne() {
        assertThrows(IllegalArgumentException.class, () -> new PieceWalk(new SyntheticTreeWalker(1, -1), 0));
    }
}
