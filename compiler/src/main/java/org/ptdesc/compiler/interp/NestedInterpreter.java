package org.ptdesc.compiler.interp;

import java.util.List;
import java.util.Objects;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.PairCombination;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.GuestPageSplit;
import org.ptdesc.runtime.NestedFaultRun;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;

/**
 * The reference meaning of a nested walk: the guest's IR interpreted level by level, each guest
 * table entry's guest physical address translated by the stage 2 walker before it is read from
 * host memory, and the final guest physical address translated too; guest pages are split into
 * stage 2 pages by a stage 2 walk over their guest physical range. The stage 2 walker may be
 * an {@link Interpreter} (the pure reference) or a generated walker. Given the stage 2 tree's
 * IR, a mapped translation also carries the combined attributes its {@code combined}
 * declarations compute ({@link PairCombination}). Written for clarity: the generated nested
 * walkers are tested against it.
 */
public final class NestedInterpreter implements NestedWalker {

    private final WalkerIr guest;
    private final TreeWalker host;
    private final TreeInfo guestInfo;
    private final PairCombination combination;
    /** The guest's permission rules, tried by the one evaluator of rules. */
    private final Interpreter guestRules;

    /** The guest tree {@code guest} over the stage 2 walker {@code host}, without combined attributes. */
    public NestedInterpreter(WalkerIr guest, TreeWalker host) {
        this.guest = Objects.requireNonNull(guest);
        this.host = Objects.requireNonNull(host);
        this.guestInfo = guest.info();
        this.combination = PairCombination.NONE;
        this.guestRules = new Interpreter(guest);
    }

    /**
     * The guest tree {@code guest} over the stage 2 walker {@code host} of the stage 2 tree
     * {@code hostIr}, with {@code hostIr}'s combined attributes.
     *
     * @throws IllegalArgumentException with the located errors when the guest tree has an
     *     attribute the combined attributes read, of another type (one it lacks leaves the pair
     *     without combined attributes)
     */
    public NestedInterpreter(WalkerIr guest, WalkerIr hostIr, TreeWalker host) {
        this.guest = Objects.requireNonNull(guest);
        this.host = Objects.requireNonNull(host);
        this.guestInfo = guest.info();
        this.guestRules = new Interpreter(guest);
        this.combination = PairCombination.bind(guest, hostIr);
        if (!combination.errors().isEmpty()) {
            throw new IllegalArgumentException(combination.renderErrors());
        }
    }

    /** Both trees interpreted, with the stage 2 tree's combined attributes. */
    public NestedInterpreter(WalkerIr guest, WalkerIr host) {
        this(guest, host, new Interpreter(host));
    }

    @Override
    public List<TreeInfo.AttributeInfo> combinedAttributes() {
        return combination.info();
    }

    @Override
    public long combinedAttributes(long guestAttributes, long hostAttributes, long hostEntry) {
        return combination.combine(guestAttributes, hostAttributes, hostEntry);
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
    public NestedTranslation translateDetailed(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long tagged) {
        checkRoots(guestRoots, hostRoots);
        return translate(mem, guestRoots, hostRoots, tagged, false, 0, 0, 0);
    }

    /**
     * Checked for {@code access}, as {@link NestedWalker} says: stage 2's rules on each guest
     * table entry's translation as a {@link NestedWalker#TABLE_READ} before the entry is read,
     * the guest's rules on the guest leaf, then stage 2's rules on the final guest physical
     * address for the same access.
     */
    @Override
    public NestedTranslation translateDetailed(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long tagged,
            int access, long guestModes, long hostModes) {
        Access.require(access);
        checkRoots(guestRoots, hostRoots);
        return translate(mem, guestRoots, hostRoots, tagged, true, access, guestModes, hostModes);
    }

    private NestedTranslation translate(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long tagged,
            boolean checked, int access, long guestModes, long hostModes) {
        long va = guest.untagged(tagged);
        int r = guest.inRange(va) ? guest.rootFor(va) : -1;
        if (r < 0) {
            return NestedTranslation.guestFailed(tagged, Translation.failed(tagged, -1, 0, Failure.OUT_OF_RANGE, ""),
                    TreeWalker.NO_MAPPING);
        }
        long table = Eval.eval(guest.roots().get(r).table(), 0, va, guestRoots[r]);
        long acc = guest.attributeInit();
        List<Level> levels = guest.levels();
        for (int l = 0; l < levels.size(); l++) {
            Level level = levels.get(l);
            long at = table + (long) level.index(va) * guest.entryBytes();
            Translation h = host.translateDetailed(mem, hostRoots, at);
            if (!h.mapped()) {
                return NestedTranslation.hostFailed(tagged, l, at, null, h);
            }
            int tableRule = checked ? host.denyingRule(h.entry(), h.attributes(), TABLE_READ, hostModes) : -1;
            if (tableRule >= 0) {
                return NestedTranslation.hostDenied(tagged, l, at, null, denied(host.info(), h, tableRule));
            }
            long entry;
            try {
                entry = read(mem, h.pa());
            } catch (PhysicalMemory.Unreadable e) {
                return NestedTranslation.guestFailed(tagged,
                        Translation.failed(tagged, l, h.pa(), Failure.TABLE_OUTSIDE_MEMORY, ""), at);
            }
            Rule rule = match(level, entry, va);
            switch (rule) {
                case null -> {
                    return guestFailure(tagged, l, entry, Failure.NO_RULE, "");
                }
                case Rule.Invalid i -> {
                    return guestFailure(tagged, l, entry, Failure.NOT_PRESENT, "");
                }
                case Rule.Fault f -> {
                    return guestFailure(tagged, l, entry, Failure.FAULT, f.message());
                }
                case Rule.Table t -> {
                    acc = t.attributes().apply(acc, entry, va);
                    table = Eval.eval(t.address(), entry, va, 0);
                }
                case Rule.Leaf leaf -> {
                    acc = leaf.attributes().apply(acc, entry, va);
                    long span = level.span();
                    long gpa = Eval.eval(leaf.address(), entry, va, 0) | (va & (span - 1));
                    Translation stage1 = Translation.mapped(tagged, gpa, l, span, entry, acc);
                    int guestRule = checked ? guestRules.denyingRule(entry, acc, access, guestModes) : -1;
                    if (guestRule >= 0) {
                        return NestedTranslation.guestDenied(tagged, gpa, denied(guestInfo, stage1, guestRule));
                    }
                    Translation stage2 = host.translateDetailed(mem, hostRoots, gpa);
                    if (!stage2.mapped()) {
                        return NestedTranslation.hostFailed(tagged, -1, gpa, stage1, stage2);
                    }
                    int hostRule = checked ? host.denyingRule(stage2.entry(), stage2.attributes(), access, hostModes) : -1;
                    return hostRule < 0
                            ? NestedTranslation.mapped(tagged, stage1, stage2).withCombined(
                                    combination.combine(acc, stage2.attributes(), stage2.entry()))
                            : NestedTranslation.hostDenied(tagged, -1, gpa, stage1, denied(host.info(), stage2, hostRule));
                }
            }
        }
        throw new IllegalStateException("tree " + guest.name() + ": table rule at the last level");
    }

    private static Translation denied(TreeInfo info, Translation mapped, int rule) {
        return Translation.denied(mapped, rule, info.permissions().get(rule).text());
    }

    private static NestedTranslation guestFailure(long va, int level, long entry, Failure failure, String message) {
        return NestedTranslation.guestFailed(va, Translation.failed(va, level, entry, failure, message),
                TreeWalker.NO_MAPPING);
    }

    @Override
    public void walk(PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long first, long last,
            NestedVisitor visitor) {
        checkRoots(guestRoots, hostRoots);
        Objects.requireNonNull(visitor);
        if (Long.compareUnsigned(first, last) > 0) {
            return;
        }
        for (WalkerIr.AddressRange range : guest.ranges()) {
            for (int r = 0; r < guest.roots().size(); r++) {
                Root root = guest.roots().get(r);
                long a = maxU(maxU(first, range.first()), root.first());
                long b = minU(minU(last, range.last()), root.last());
                if (Long.compareUnsigned(a, b) > 0) {
                    continue;
                }
                long table = Eval.eval(root.table(), 0, a, guestRoots[r]);
                if (!new GuestWalk(mem, hostRoots, visitor).table(0, table, a, b, guest.attributeInit())) {
                    return;
                }
            }
        }
    }

    /** One nested walk's state, so the recursive step stays short. */
    private final class GuestWalk {
        private final PhysicalMemory mem;
        private final long[] hostRoots;
        private final NestedVisitor visitor;
        private final NestedFaultRun faults;

        GuestWalk(PhysicalMemory mem, long[] hostRoots, NestedVisitor visitor) {
            this.mem = mem;
            this.hostRoots = hostRoots;
            this.visitor = visitor;
            this.faults = new NestedFaultRun(visitor);
        }

        /** Walks a..b of the guest table at guest physical {@code table}; false when the walk must stop. */
        boolean table(int l, long table, long a, long b, long acc) {
            Level level = guest.levels().get(l);
            int firstIndex = level.index(a);
            int lastIndex = level.index(b);
            Translation start = host.translateDetailed(mem, hostRoots, table + (long) firstIndex * guest.entryBytes());
            switch (visitor.pre(a, b, l, table, start.mapped() ? start.pa() : TreeWalker.NO_MAPPING)) {
                case STOP -> {
                    return false;
                }
                case SKIP -> {
                    return true;
                }
                case CONTINUE -> { }
            }
            long span = level.span();
            boolean inHole = false;
            long holeStart = 0;
            long holeEnd = 0;
            for (int i = firstIndex; i <= lastIndex; i++) {
                long entryStart = (a & -span & ~(((1L << level.bits()) - 1) << level.shift())) | ((long) i << level.shift());
                long s = i == firstIndex ? a : entryStart;
                long t = i == lastIndex ? b : entryStart + (span - 1);
                long at = table + (long) i * guest.entryBytes();
                Translation h = host.translateDetailed(mem, hostRoots, at);
                long entry = 0;
                boolean readable = false;
                if (h.mapped()) {
                    try {
                        entry = read(mem, h.pa());
                        readable = true;
                    } catch (PhysicalMemory.Unreadable e) {
                        // reported below as a guest table outside host memory
                    }
                }
                Rule rule = readable ? match(level, entry, s) : null;
                if (readable && rule instanceof Rule.Invalid) {
                    if (!faults.flush()) {
                        return false;
                    }
                    if (!inHole) {
                        inHole = true;
                        holeStart = s;
                    }
                    holeEnd = t;
                    continue;
                }
                if (inHole) {
                    inHole = false;
                    if (!visitor.hole(holeStart, holeEnd, Stage.GUEST, l)) {
                        return false;
                    }
                }
                if (!h.mapped()) {
                    // A guest table entry whose guest physical address stage 2 does not map.
                    if (!faults.add(s, t, Stage.HOST, l, h.level(), at, h.failure(), h.message())) {
                        return false;
                    }
                    continue;
                }
                if (!readable) {
                    if (!faults.add(s, t, Stage.GUEST, l, -1, h.pa(), Failure.TABLE_OUTSIDE_MEMORY, "")) {
                        return false;
                    }
                    continue;
                }
                if (!faults.flush()) {
                    return false;
                }
                boolean go = switch (rule) {
                    case null -> visitor.fault(s, t, Stage.GUEST, l, -1, entry, Failure.NO_RULE, "");
                    case Rule.Invalid x -> throw new AssertionError();
                    case Rule.Fault f -> visitor.fault(s, t, Stage.GUEST, l, -1, entry, Failure.FAULT, f.message());
                    case Rule.Leaf leaf -> {
                        long attrs = leaf.attributes().apply(acc, entry, s);
                        long gpa = Eval.eval(leaf.address(), entry, s, 0) | (s & (span - 1));
                        yield new GuestPageSplit(host, visitor, s, gpa, l, entry, attrs).walk(mem, hostRoots, t - s);
                    }
                    case Rule.Table next -> {
                        long attrs = next.attributes().apply(acc, entry, s);
                        yield table(l + 1, Eval.eval(next.address(), entry, s, 0), s, t, attrs);
                    }
                };
                if (!go) {
                    return false;
                }
            }
            if (!faults.flush()) {
                return false;
            }
            if (inHole && !visitor.hole(holeStart, holeEnd, Stage.GUEST, l)) {
                return false;
            }
            return visitor.post(a, b, l, table);
        }
    }

    private Rule match(Level level, long entry, long va) {
        for (Rule rule : level.rules()) {
            if (Eval.eval(rule.condition(), entry, va, 0) != 0) {
                return rule;
            }
        }
        return null;
    }

    private long read(PhysicalMemory mem, long pa) {
        if (guest.entryBytes() == 8) {
            return guest.bigEndian() ? mem.readLongBigEndian(pa) : mem.readLong(pa);
        }
        return guest.bigEndian() ? mem.readIntBigEndian(pa) : mem.readInt(pa);
    }

    private void checkRoots(long[] guestRoots, long[] hostRoots) {
        if (guestRoots.length != guest.roots().size()) {
            throw new IllegalArgumentException("guest tree " + guest.name() + " needs " + guest.roots().size()
                    + " root value(s), got " + guestRoots.length);
        }
        if (hostRoots.length != host.info().roots().size()) {
            throw new IllegalArgumentException("stage 2 tree " + host.info().name() + " needs "
                    + host.info().roots().size() + " root value(s), got " + hostRoots.length);
        }
    }

    private static long maxU(long x, long y) {
        return Long.compareUnsigned(x, y) >= 0 ? x : y;
    }

    private static long minU(long x, long y) {
        return Long.compareUnsigned(x, y) <= 0 ? x : y;
    }
}
