package org.ptdesc.runtime.roots;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A heuristic search for a tree's root when nothing in the image says where it is. The
 * descriptor drives it: every aligned page of the image is tried as the top table of one root,
 * and the walker's own rules decide what its entries are. Three steps, each bounded:
 *
 * <ol>
 *   <li>a pre-filter: a page whose top-table entries are all zero is skipped without a walk;
 *   <li>the top table alone: a walk that enters no lower table must find at least one mapping
 *       or table, and at most a quarter as many entries that fault (matching a fault rule or no
 *       rule, or naming a next table outside the image) as entries that decode; survivors remember what their upper half points to, and whether an entry
 *       points back at the table itself (a recursive mapping);
 *   <li>a bounded walk of the survivors ({@link ScanLimits#eventsPerWalk} events each, at most
 *       {@link ScanLimits#maxWalks} of them), counting what each maps and its faults.
 * </ol>
 *
 * Candidates are ranked by how many distinct tables that hold something the walk reached (a
 * lower-level table read as a top table reaches data pages, not tables), then by fewest faults,
 * then by how many others share their upper half (the kernel half of every
 * process's table is the same in Linux), then by self-reference, then by bytes mapped. It is a heuristic: a table of a lower level can pass for a top table, and a
 * kernel's table can pass for a process's; the ranking says which look most like a root.
 */
public final class RootScan {

    private RootScan() {}

    /**
     * How much work a scan may do.
     *
     * @param maxPages the most candidate pages tried per root
     * @param maxWalks the most survivors walked in full (bounded) per root
     * @param eventsPerWalk the most walk events (leaves, holes, tables, faults) per survivor
     */
    public record ScanLimits(long maxPages, int maxWalks, long eventsPerWalk) {
        /** 16 Mi pages, 2048 walks of at most 2^20 events each. */
        public static final ScanLimits DEFAULT = new ScanLimits(1L << 24, 2048, 1L << 20);
    }

    /**
     * One candidate root.
     *
     * @param root the root (register) it is a candidate for
     * @param table the physical address of its top table
     * @param register the register value that names that table
     * @param agreeing how many other candidates have the same non-empty upper half
     * @param selfReference whether one of its entries points back at it
     * @param populatedTables distinct tables the walk entered that hold at least one mapping or table
     * @param mappedBytes bytes mapped by the walk (a lower bound when {@code truncated})
     * @param leaves leaves found
     * @param faults faults found below the top table
     * @param truncated whether the walk stopped at its event budget
     */
    public record Candidate(String root, long table, long register, int agreeing, boolean selfReference,
            long populatedTables, long mappedBytes, long leaves, long faults, boolean truncated) {}

    /**
     * What a scan found.
     *
     * @param candidates ranked best first, per root in declaration order
     * @param pagesScanned candidate pages tried (all roots)
     * @param topTablesPassed pages whose top table passed step 2
     * @param walked survivors walked in step 3
     * @param nanos how long it took
     * @param notes what was not done and why (an uninvertible root expression, a budget reached)
     */
    public record ScanReport(List<Candidate> candidates, long pagesScanned, long topTablesPassed, long walked,
            long nanos, List<String> notes) {
        public ScanReport {
            candidates = List.copyOf(candidates);
            notes = List.copyOf(notes);
        }
    }

    /** Scans {@code mem} for candidate roots of every root of {@code walker}'s tree. */
    public static ScanReport scan(TreeWalker walker, PhysicalMemory mem, ScanLimits limits) {
        long start = System.nanoTime();
        TreeInfo info = walker.info();
        List<Candidate> all = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        long[] counts = new long[3];
        for (int r = 0; r < info.roots().size(); r++) {
            Optional<RootEncoding> enc = RootEncoding.of(walker, r);
            if (enc.isEmpty()) {
                notes.add("root " + info.roots().get(r).register() + ": its root expression neither keeps the table"
                        + " address in place nor shifts it; not scanned");
                continue;
            }
            all.addAll(scanRoot(walker, mem, r, enc.get(), limits, counts, notes));
        }
        return new ScanReport(all, counts[0], counts[1], counts[2], System.nanoTime() - start, notes);
    }

    private static List<Candidate> scanRoot(TreeWalker walker, PhysicalMemory mem, int r, RootEncoding enc,
            ScanLimits limits, long[] counts, List<String> notes) {
        TreeInfo info = walker.info();
        TreeInfo.RootInfo root = info.roots().get(r);
        TreeInfo.LevelInfo top = info.levels().getFirst();
        long topBytes = (1L << top.bits()) * info.entryBytes();
        long align = Math.min(topBytes, 1L << info.levels().getLast().shift());
        List<TopTable> survivors = new ArrayList<>();
        long pages = 0;
        outer:
        for (PhysicalMemory.Range range : mem.ranges()) {
            long first = (range.start() + align - 1) & -align;
            for (long pa = first; Long.compareUnsigned(pa + topBytes - 1, range.start() + range.length() - 1) <= 0
                    && Long.compareUnsigned(pa, range.start()) >= 0; pa += align) {
                if (pages++ >= limits.maxPages()) {
                    notes.add("root " + root.register() + ": stopped after " + limits.maxPages() + " pages (the scan's page budget)");
                    break outer;
                }
                if (allZero(mem, pa, topBytes)) {
                    continue;
                }
                TopTable t = TopTable.read(walker, mem, r, enc.register(pa), pa);
                if (t != null) {
                    survivors.add(t);
                }
            }
        }
        counts[0] += pages;
        counts[1] += survivors.size();
        Map<Long, Integer> upper = new HashMap<>();
        for (TopTable t : survivors) {
            if (t.upperSignature != 0) {
                upper.merge(t.upperSignature, 1, Integer::sum);
            }
        }
        // Walk the most root-like first, so a budget cuts the least likely.
        Comparator<TopTable> likely = Comparator.<TopTable>comparingInt(t -> t.upperSignature == 0 ? 0 : upper.get(t.upperSignature))
                .thenComparing(t -> t.selfReference).reversed();
        survivors.sort(likely);
        List<Candidate> out = new ArrayList<>();
        for (TopTable t : survivors) {
            if (out.size() >= limits.maxWalks()) {
                notes.add("root " + root.register() + ": walked " + limits.maxWalks() + " of " + survivors.size()
                        + " candidates (the scan's walk budget)");
                break;
            }
            int agreeing = t.upperSignature == 0 ? 0 : upper.get(t.upperSignature) - 1;
            out.add(BoundedWalk.of(walker, mem, r, t, agreeing, limits.eventsPerWalk()));
        }
        counts[2] += out.size();
        out.sort(Comparator.comparingLong(Candidate::populatedTables).reversed()
                .thenComparingLong(Candidate::faults)
                .thenComparing(Candidate::agreeing, Comparator.reverseOrder())
                .thenComparing(Candidate::selfReference, Comparator.reverseOrder())
                .thenComparing(Candidate::mappedBytes, Comparator.reverseOrder())
                .thenComparing(Candidate::table, Long::compareUnsigned));
        return out;
    }

    private static boolean allZero(PhysicalMemory mem, long pa, long bytes) {
        for (long o = 0; o + 8 <= bytes; o += 8) {
            if (mem.readLong(pa + o) != 0) {
                return false;
            }
        }
        for (long o = bytes & ~7L; o < bytes; o += 4) {
            if (mem.readInt(pa + o) != 0) {
                return false;
            }
        }
        return true;
    }

    /** Step 2's view of one page as a top table. */
    private static final class TopTable implements WalkVisitor {
        final long table;
        final long register;
        final long upperFirst;
        boolean bad;
        int present;
        int faulty;
        boolean selfReference;
        long upperSignature;

        private TopTable(long table, long register, long upperFirst) {
            this.table = table;
            this.register = register;
            this.upperFirst = upperFirst;
        }

        /** The page at {@code table} as root {@code r}'s top table, or null when it fails step 2. */
        static TopTable read(TreeWalker walker, PhysicalMemory mem, int r, long register, long table) {
            TreeInfo.RootInfo root = walker.info().roots().get(r);
            long mid = root.first() + ((root.last() - root.first()) >>> 1) + 1;
            TopTable t = new TopTable(table, register, mid);
            long[] roots = new long[walker.info().roots().size()];
            java.util.Arrays.fill(roots, register);
            walker.walk(mem, roots, root.first(), root.last(), t);
            // Most entries must decode: a real table may hold a few malformed entries, a page of data rarely decodes at all.
            return t.bad || t.present == 0 || t.faulty * 4 > t.present ? null : t;
        }

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            present++;
            note(va, pa);
            return true;
        }

        @Override
        public Action pre(long first, long last, int level, long next) {
            if (level == 0) {
                return next == table ? Action.CONTINUE : Action.STOP;
            }
            present++;
            if (next == table) {
                selfReference = true;
            }
            note(first, next);
            return Action.SKIP;
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            if (level == 0 && kind == Failure.TABLE_OUTSIDE_MEMORY) {
                bad = true; // the candidate page itself is not readable as a whole table
                return false;
            }
            faulty++;
            return true;
        }

        /** Folds an upper-half entry's target into the signature (order-dependent, never 0 when used). */
        private void note(long va, long target) {
            if (Long.compareUnsigned(va, upperFirst) >= 0) {
                upperSignature = (upperSignature * 0x9E37_79B9_7F4A_7C15L + target + va) | 1;
            }
        }
    }

    /** Step 3: a walk of one survivor that stops at its event budget. */
    private static final class BoundedWalk implements WalkVisitor {
        private final long budget;
        long events;
        long mapped;
        long leaves;
        long faults;
        long populated;
        /** Per level: whether the table entered there holds a mapping or a table (levels from 0). */
        private final boolean[] holds = new boolean[64];
        private final java.util.Set<Long> populatedSet = new java.util.HashSet<>();

        private BoundedWalk(long budget) {
            this.budget = budget;
        }

        static Candidate of(TreeWalker walker, PhysicalMemory mem, int r, TopTable t, int agreeing, long budget) {
            TreeInfo.RootInfo root = walker.info().roots().get(r);
            long[] roots = new long[walker.info().roots().size()];
            java.util.Arrays.fill(roots, t.register);
            BoundedWalk w = new BoundedWalk(budget);
            walker.walk(mem, roots, root.first(), root.last(), w);
            return new Candidate(root.register(), t.table, t.register, agreeing, t.selfReference, w.populated, w.mapped, w.leaves,
                    w.faults, w.events >= budget);
        }

        private boolean count() {
            return ++events < budget;
        }

        @Override
        public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
            mapped += size;
            leaves++;
            holds[level] = true;
            return count();
        }

        @Override
        public boolean hole(long first, long last, int level) {
            return count();
        }

        @Override
        public Action pre(long first, long last, int level, long table) {
            if (level > 0) {
                holds[level - 1] = true;
            }
            holds[level] = false;
            return count() ? Action.CONTINUE : Action.STOP;
        }

        @Override
        public boolean post(long first, long last, int level, long table) {
            if (holds[level] && populatedSet.add(table)) {
                populated++;
            }
            return true;
        }

        @Override
        public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
            faults++;
            return count();
        }
    }
}
