package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ptdesc.runtime.NestedTranslation.Stage;

/**
 * The generic composition behind {@link NestedWalkers#compose}: the guest walker runs over a
 * {@link GuestPhysicalView} that grows by the stage 2 pages its table reads need, and whatever
 * the guest walker reports as a table outside that view is translated through the stage 2
 * walker to tell a stage 2 failure from a table outside host memory. Guest leaves are split
 * into stage 2 pages by a stage 2 walk ({@link GuestPageSplit}).
 */
final class ComposedNestedWalker implements NestedWalker {

    private final TreeWalker guest;
    private final TreeWalker host;
    private final TreeInfo guestInfo;
    private final int entryBytes;
    /** The smallest stage 2 page: the step when probing a guest table's range page by page. */
    private final long smallestHostPage;

    ComposedNestedWalker(TreeWalker guest, TreeWalker host) {
        this.guest = Objects.requireNonNull(guest);
        this.host = Objects.requireNonNull(host);
        this.guestInfo = guest.info();
        this.entryBytes = guestInfo.entryBytes();
        this.smallestHostPage = host.info().levels().getLast().entrySpan();
    }

    @Override
    public TreeInfo guestInfo() {
        return guestInfo;
    }

    @Override
    public TreeInfo hostInfo() {
        return host.info();
    }

    @Override
    public long translate(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long va) {
        return translateDetailed(mem, guestRoots, hostRoots, va).pa();
    }

    @Override
    public NestedTranslation translateDetailed(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long va) {
        checkRoots(guestRoots, hostRoots);
        return translate(mem, guestRoots, hostRoots, va, null);
    }

    @Override
    public NestedTranslation translateDetailed(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long va,
            int access, long guestModes, long hostModes) {
        Access.require(access);
        checkRoots(guestRoots, hostRoots);
        return translate(mem, guestRoots, hostRoots, va, new Check(access, guestModes, hostModes));
    }

    /** An access to check, with both stages' modes. */
    private record Check(int access, long guestModes, long hostModes) {}

    /**
     * One nested translation, checked for {@code check} unless it is null. Stage 2's rules see
     * each guest table read when its stage 2 page joins the view: that is the first level whose
     * read needs the page, and a later read in the same stage 2 page has the same stage 2 leaf,
     * so the same answer.
     */
    private NestedTranslation translate(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long va, Check check) {
        GuestPhysicalView view = new GuestPhysicalView(mem);
        while (true) {
            Translation t = guest.translateDetailed(view.memory(), guestRoots, va);
            if (t.failure() == Failure.TABLE_OUTSIDE_MEMORY) {
                long gpa = t.entry();
                Translation s2 = host.translateDetailed(mem, hostRoots, gpa);
                if (!s2.mapped()) {
                    return NestedTranslation.hostFailed(va, t.level(), gpa, null, s2);
                }
                if (check != null) {
                    int rule = host.denyingRule(s2.entry(), s2.attributes(), NestedWalker.TABLE_READ, check.hostModes());
                    if (rule >= 0) {
                        return NestedTranslation.hostDenied(va, t.level(), gpa, null, denied(host, s2, rule));
                    }
                }
                if (!view.add(gpa, s2, entryBytes)) {
                    return NestedTranslation.guestFailed(va,
                            Translation.failed(va, t.level(), s2.pa(), Failure.TABLE_OUTSIDE_MEMORY, ""), gpa);
                }
                continue;
            }
            if (!t.mapped()) {
                return NestedTranslation.guestFailed(va, t, TreeWalker.NO_MAPPING);
            }
            if (check != null) {
                int rule = guest.denyingRule(t.entry(), t.attributes(), check.access(), check.guestModes());
                if (rule >= 0) {
                    return NestedTranslation.guestDenied(va, t.pa(), denied(guest, t, rule));
                }
            }
            Translation s2 = host.translateDetailed(mem, hostRoots, t.pa());
            if (!s2.mapped()) {
                return NestedTranslation.hostFailed(va, -1, t.pa(), t, s2);
            }
            if (check != null) {
                int rule = host.denyingRule(s2.entry(), s2.attributes(), check.access(), check.hostModes());
                if (rule >= 0) {
                    return NestedTranslation.hostDenied(va, -1, t.pa(), t, denied(host, s2, rule));
                }
            }
            return NestedTranslation.mapped(va, t, s2);
        }
    }

    private static Translation denied(TreeWalker walker, Translation mapped, int rule) {
        return Translation.denied(mapped, rule, walker.info().permissions().get(rule).text());
    }

    @Override
    public void walk(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long first, long last,
            NestedVisitor visitor) {
        checkRoots(guestRoots, hostRoots);
        Objects.requireNonNull(visitor);
        GuestPhysicalView view = new GuestPhysicalView(mem);
        // Find the guest tables first: walk without reporting until no new stage 2 page helps.
        while (grow(view, mem, guestRoots, hostRoots, first, last)) {
            // each round reaches one guest level further down
        }
        guest.walk(view.memory(), guestRoots, first, last, new Reporter(mem, hostRoots, visitor));
    }

    /** One silent walk; true when it found guest table pages that stage 2 translates and the view lacked. */
    private boolean grow(GuestPhysicalView view, PhysicalMemory mem, long[] guestRoots, long[] hostRoots,
            long first, long last) {
        List<long[]> missing = new ArrayList<>();
        guest.walk(view.memory(), guestRoots, first, last, new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                return true;
            }

            @Override
            public boolean fault(long a, long b, int level, long table, Failure kind, String message) {
                if (kind == Failure.TABLE_OUTSIDE_MEMORY) {
                    missing.add(new long[] {entryAddress(level, table, a), entryAddress(level, table, b)});
                }
                return true;
            }
        });
        boolean grew = false;
        for (long[] span : missing) {
            long at = span[0];
            while (true) {
                Translation s2 = host.translateDetailed(mem, hostRoots, at);
                if (s2.mapped()) {
                    grew |= view.add(at, s2, entryBytes);
                }
                long step = s2.mapped() ? s2.size() : smallestHostPage;
                long next = (at & -step) + step;
                if (Long.compareUnsigned(next, span[1]) > 0 || next == 0) {
                    break;
                }
                at = next;
            }
        }
        return grew;
    }

    /** The guest physical address of the entry for {@code va} in the guest table at {@code table} of {@code level}. */
    private long entryAddress(int level, long table, long va) {
        TreeInfo.LevelInfo l = guestInfo.levels().get(level);
        long index = (va >>> l.shift()) & ((1L << l.bits()) - 1);
        return table + index * entryBytes;
    }

    /** Turns the guest walker's events over the complete view into nested events. */
    private final class Reporter implements WalkVisitor {
        private final PhysicalMemory mem;
        private final long[] hostRoots;
        private final NestedVisitor visitor;

        Reporter(PhysicalMemory mem, long[] hostRoots, NestedVisitor visitor) {
            this.mem = mem;
            this.hostRoots = hostRoots;
            this.visitor = visitor;
        }

        @Override
        public boolean leaf(long va, long gpa, long size, int level, long entry, long attributes) {
            return new GuestPageSplit(host, visitor, va, gpa, level, entry, attributes).walk(mem, hostRoots, size - 1);
        }

        @Override
        public boolean hole(long first, long last, int level) {
            return visitor.hole(first, last, Stage.GUEST, level);
        }

        @Override
        public Action pre(long first, long last, int level, long table) {
            return visitor.pre(first, last, level, table,
                    host.translate(mem, hostRoots, entryAddress(level, table, first)));
        }

        @Override
        public boolean post(long first, long last, int level, long table) {
            return visitor.post(first, last, level, table);
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            if (kind != Failure.TABLE_OUTSIDE_MEMORY) {
                return visitor.fault(first, last, Stage.GUEST, level, -1, entry, kind, message);
            }
            // A guest table the view lacks: entered, as the reference enters it, then one fault.
            long at = entryAddress(level, entry, first);
            Translation s2 = host.translateDetailed(mem, hostRoots, at);
            switch (visitor.pre(first, last, level, entry, s2.mapped() ? s2.pa() : TreeWalker.NO_MAPPING)) {
                case STOP -> {
                    return false;
                }
                case SKIP -> {
                    return true;
                }
                case CONTINUE -> { }
            }
            boolean go = s2.mapped()
                    ? visitor.fault(first, last, Stage.GUEST, level, -1, s2.pa(), Failure.TABLE_OUTSIDE_MEMORY, "")
                    : visitor.fault(first, last, Stage.HOST, level, s2.level(), at, s2.failure(), s2.message());
            return go && visitor.post(first, last, level, entry);
        }
    }

    private void checkRoots(long[] guestRoots, long[] hostRoots) {
        if (guestRoots.length != guestInfo.roots().size()) {
            throw new IllegalArgumentException("guest tree " + guestInfo.name() + " needs " + guestInfo.roots().size()
                    + " root value(s), got " + guestRoots.length);
        }
        if (hostRoots.length != host.info().roots().size()) {
            throw new IllegalArgumentException("stage 2 tree " + host.info().name() + " needs "
                    + host.info().roots().size() + " root value(s), got " + hostRoots.length);
        }
    }
}
