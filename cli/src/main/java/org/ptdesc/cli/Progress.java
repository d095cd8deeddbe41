package org.ptdesc.cli;

import java.io.PrintWriter;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Shows how far a long walk has got, on a terminal only (never in a pipe or a file), at most
 * a few times a second, on the error stream so that the output stays clean.
 */
final class Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private final long from;
    private final long to;
    private long nextUpdate;
    private boolean shown;

    private Progress(PrintWriter err, boolean enabled, long from, long to) {
        this.err = err;
        this.enabled = enabled;
        this.from = from;
        this.to = to;
    }

    static Progress onTerminal(PrintWriter err, long from, long to) {
        return new Progress(err, System.console() != null && System.console().isTerminal(), from, to);
    }

    WalkVisitor wrap(WalkVisitor v) {
        if (!enabled) {
            return v;
        }
        nextUpdate = System.nanoTime() + 500_000_000L;
        return new WalkVisitor() {
            private long count;

            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                if ((++count & 0xfff) == 0) {
                    tick(va);
                }
                return v.leaf(va, pa, size, level, entry, attributes);
            }

            @Override
            public boolean hole(long first, long last, int level) {
                return v.hole(first, last, level);
            }

            @Override
            public Action pre(long first, long last, int level, long table) {
                return v.pre(first, last, level, table);
            }

            @Override
            public boolean post(long first, long last, int level, long table) {
                return v.post(first, last, level, table);
            }

            @Override
            public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
                return v.fault(first, last, level, entry, kind, message);
            }
        };
    }

    private void tick(long va) {
        long now = System.nanoTime();
        if (now - nextUpdate < 0) { // nanoTime values compare only by difference
            return;
        }
        nextUpdate = now + 250_000_000L;
        double done = unsigned(va - from);
        double all = unsigned(to - from);
        err.printf("\rwalking 0x%016x  %5.1f%%", va, all == 0 ? 100.0 : 100.0 * Math.max(0, done) / all);
        err.flush();
        shown = true;
    }

    private static double unsigned(long v) {
        return v < 0 ? v + 0x1p64 : v;
    }

    void done() {
        if (shown) {
            err.print("\r" + " ".repeat(40) + "\r");
            err.flush();
        }
    }
}
