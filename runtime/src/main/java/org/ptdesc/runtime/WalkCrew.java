package org.ptdesc.runtime;

import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that help {@link ParallelWalk}s: one process-wide set of daemon platform
 * threads, started when a walk needs one and none is idle, parked between walks and ended
 * after {@value #IDLE_SECONDS} seconds without work. Starting a thread per walk cost a
 * noticeable part of a walk of a few milliseconds; a parked thread starts walking much sooner.
 * The threads are shared rather than owned by each {@code ParallelWalk}, so that a program
 * making many of them (one per walk, say) does not gather many idle threads; being daemons, they
 * never keep a finished program alive. The calling thread always does a part of the work
 * itself, and a part lent to a helper that has not started yet when the caller is done is taken
 * back (it then does nothing): so a walk never waits for a thread that is not already working
 * on it, and walks inside walks or from several threads at once cannot wait on each other.
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

    private static final ThreadPoolExecutor HELPERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS,
            TimeUnit.SECONDS, new SynchronousQueue<>(), Thread.ofPlatform().name("ptdesc-walk-", 1).daemon().factory());

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
            HELPERS.execute(lent[t - 1]);
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

    /** Threads now alive in the crew, working or idle (for tests). */
    static int alive() {
        return HELPERS.getPoolSize();
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
    private static final class Lent extends AtomicInteger implements Runnable {
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

        @Override
        public void run() {
            if (!compareAndSet(WAITING, RUNNING)) {
                return;
            }
            try {
                part.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
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
}
