package org.ptdesc.runtime;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that help {@link ParallelWalk}s: one process-wide set of daemon platform
 * threads, started when a walk needs one and none is idle, kept between walks and ended after
 * {@value #IDLE_SECONDS} seconds without work. Starting a thread per walk cost a noticeable
 * part of a walk of a few milliseconds, and so does waking a parked one on a virtual machine
 * (140 to 620 µs measured on the 2-vCPU machine of bench/RESULTS.md, against walks of about
 * 2 ms): so a helper that finishes its part stays awake for {@link #LINGER_NANOS}, spinning,
 * before it parks, and the next walk gives its part to the helper that became idle last, the
 * one most likely still awake. Back-to-back walks then find their helper running; the cost is
 * at most {@link #LINGER_NANOS} of one core per helper after each walk. The threads are shared
 * rather than owned by each {@code ParallelWalk}, so that a program making many of them (one
 * per walk, say) does not gather many idle threads; being daemons, they never keep a finished
 * program alive. The calling thread always does a part of the work itself, and a part lent to
 * a helper that has not started yet when the caller is done is taken back (it then does
 * nothing): so a walk never waits for a thread that is not already working on it, and walks
 * inside walks or from several threads at once cannot wait on each other.
 */
final class WalkCrew {

    /** How long an idle helper waits for another walk before it ends. */
    static final int IDLE_SECONDS = 30;

    /**
     * How long a thread of a walk spins before it parks to wait for another: waking a parked
     * thread takes tens of microseconds (about 60 on the machine measured), much of a walk of a
     * few milliseconds if paid at every wait.
     */
    static final long SPIN_NANOS = 50_000;

    /**
     * How long a helper that has finished its part spins, awake, waiting for the next before it
     * parks: long enough that a program walking again at once (a loop of walks, a benchmark)
     * finds it running, short enough that a helper of a program that walks now and then costs
     * about a walk's worth of CPU each time.
     */
    static final long LINGER_NANOS = 1_000_000;

    /** Helpers without work, the one that became idle last first. */
    private static final ConcurrentLinkedDeque<Helper> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger ALIVE = new AtomicInteger();
    private static final AtomicInteger STARTED = new AtomicInteger();

    private WalkCrew() {}

    /**
     * Runs {@code work.get(0)} on this thread and lends the others to helpers, then waits for
     * the lent parts that started; rethrows the first exception of any part once all have ended.
     * A part must therefore leave nothing undone that a part which never ran would have done:
     * the parts share their work (pieces taken from a common counter), they do not own it.
     */
    static void runAll(List<Runnable> work) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Lent[] lent = new Lent[work.size() - 1];
        for (int t = 1; t < work.size(); t++) {
            lent[t - 1] = new Lent(work.get(t), failure, Thread.currentThread());
            lend(lent[t - 1]);
        }
        try {
            work.getFirst().run();
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
        }
        for (Lent part : lent) {
            part.takeBackOrAwait();
        }
        rethrow(failure.get());
    }

    /** Gives {@code part} to an idle helper, or to a new one if none is idle. */
    private static void lend(Lent part) {
        Helper idle = IDLE.pollFirst();
        if (idle != null) {
            idle.give(part);
            return;
        }
        ALIVE.incrementAndGet();
        Helper helper = new Helper(part);
        Thread.ofPlatform().name("ptdesc-walk-" + STARTED.incrementAndGet()).daemon().start(helper);
    }

    /** Threads now alive in the crew, working or idle (for tests). */
    static int alive() {
        return ALIVE.get();
    }

    /** Threads now idle in the crew, waiting for a part (for tests). */
    static int idle() {
        return IDLE.size();
    }

    static void rethrow(Throwable failure) {
        switch (failure) {
            case null -> {}
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IllegalStateException(failure);
        }
    }

    /** A part of a walk lent to a helper: run once by the helper, or taken back before it starts. */
    private static final class Lent extends AtomicInteger {
        private static final int WAITING = 0;
        private static final int RUNNING = 1;
        private static final int DONE = 2;
        private static final int TAKEN_BACK = 3;

        private final Runnable part;
        private final AtomicReference<Throwable> failure;
        private final Thread caller;

        Lent(Runnable part, AtomicReference<Throwable> failure, Thread caller) {
            this.part = part;
            this.failure = failure;
            this.caller = caller;
        }

        /**
         * Runs the part on {@code helper}, unless the caller took it back, and puts the helper
         * back in {@link #IDLE} before the caller learns that the part has ended: a caller that
         * walks again at once then finds this helper rather than starting a thread.
         */
        void runOn(Helper helper) {
            if (!compareAndSet(WAITING, RUNNING)) {
                IDLE.addFirst(helper);
                return;
            }
            try {
                part.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                IDLE.addFirst(helper);
                set(DONE);
                LockSupport.unpark(caller);
            }
        }

        /** Takes the part back if no helper started it, else waits (through interrupts, keeping the flag) until it ends. */
        void takeBackOrAwait() {
            if (compareAndSet(WAITING, TAKEN_BACK)) {
                return;
            }
            for (long until = System.nanoTime() + SPIN_NANOS; get() != DONE && System.nanoTime() - until < 0; ) {
                Thread.onSpinWait();
            }
            boolean interrupted = false;
            while (get() != DONE) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A thread of the crew: runs the parts it is given, one at a time; between them it is in
     * {@link #IDLE}, spinning for {@link #LINGER_NANOS}, then parked. It ends when it has been
     * idle {@value #IDLE_SECONDS} seconds and can take itself out of {@link #IDLE}; if a walk
     * took it out first, a part is on its way and it waits for that.
     */
    private static final class Helper implements Runnable {
        /** The part to run next, set by the walk that took this helper out of {@link #IDLE}. */
        private volatile Lent next;
        /** Whether the helper is parked or about to park: only then does a walk need to wake it. */
        private volatile boolean parked;
        private volatile Thread thread;

        Helper(Lent first) {
            next = first;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            for (Lent part = next; part != null; part = awaitPart()) {
                next = null;
                // Puts this helper back in IDLE, where a walk may give it the next part.
                part.runOn(this);
            }
            ALIVE.decrementAndGet();
        }

        /** Gives the helper its next part; the caller took the helper out of {@link #IDLE}. */
        void give(Lent part) {
            next = part;
            // `next` before `parked`, as the helper writes `parked` before reading `next`: one of them sees the other.
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        /** The next part, or null once the helper has been idle long enough to end. */
        private Lent awaitPart() {
            Lent part;
            for (long until = System.nanoTime() + LINGER_NANOS; System.nanoTime() - until < 0; ) {
                if ((part = next) != null) {
                    return part;
                }
                Thread.onSpinWait();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
            boolean leaving = false;
            parked = true;
            try {
                while ((part = next) == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 && !leaving) {
                        if (IDLE.removeFirstOccurrence(this)) {
                            return null;
                        }
                        // A walk has just taken this helper: its part is on the way.
                        leaving = true;
                    }
                    LockSupport.parkNanos(this, leaving ? SPIN_NANOS : left);
                    // Nobody should interrupt a helper; a set flag would only make every park return at once.
                    Thread.interrupted();
                }
                return part;
            } finally {
                parked = false;
            }
        }
    }
}
