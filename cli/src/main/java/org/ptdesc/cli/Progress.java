package org.ptdesc.cli;

import java.util.Locale;
import java.util.function.LongSupplier;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Shows how far a long walk has got on the {@link StatusLine} (so on a terminal's standard
 * error only, never in a pipe or a file), at most four times a second, from half a second in.
 */
final class Progress {
    private static final long FIRST_DELAY = 500_000_000L;
    private static final long INTERVAL = 250_000_000L;

    private final StatusLine line;
    private final LongSupplier nanoClock;
    private final long from;
    private final long to;
    private long nextUpdate;

    Progress(StatusLine line, LongSupplier nanoClock, long from, long to) {
        this.line = line;
        this.nanoClock = nanoClock;
        this.from = from;
        this.to = to;
    }

    static Progress of(StatusLine line, long from, long to) {
        return new Progress(line, System::nanoTime, from, to);
    }

    WalkVisitor wrap(WalkVisitor v) {
        if (line == StatusLine.NONE) {
            return v;
        }
        nextUpdate = nanoClock.getAsLong() + FIRST_DELAY;
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

    /** The walk has got to {@code va} (a walk on several threads says so piece by piece). */
    void reached(long va) {
        if (line != StatusLine.NONE) {
            tick(va);
        }
    }

    private void tick(long va) {
        long now = nanoClock.getAsLong();
        if (now - nextUpdate < 0) { // nanoTime values compare only by difference
            return;
        }
        nextUpdate = now + INTERVAL;
        double done = unsigned(va - from);
        double all = unsigned(to - from);
        line.show(String.format(Locale.ROOT, "walking 0x%016x  %5.1f%%", va, all == 0 ? 100.0 : 100.0 * done / all));
    }

    private static double unsigned(long v) {
        return v < 0 ? v + 0x1p64 : v;
    }

    /** Erases the progress, if any was drawn. */
    void done() {
        line.clear();
    }
}
