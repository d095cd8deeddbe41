package org.ptdesc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A literal transcription of the walk and translate semantics of the design notes, written
 * for these tests while the project's reference interpreter is not yet available: slow and
 * obvious, over {@link Eval}.
 */
final class SpecWalker implements TreeWalker {

    private final WalkerIr ir;

    SpecWalker(WalkerIr ir) {
        this.ir = ir;
    }

    @Override
    public TreeInfo info() {
        return ir.info();
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va) {
        return translateDetailed(mem, new long[] {root}, va).pa();
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va) {
        return translateDetailed(mem, roots, va).pa();
    }

    private long read(PhysicalMemory mem, long pa) {
        return switch (ir.entryBytes()) {
            case 8 -> ir.bigEndian() ? mem.readLongBigEndian(pa) : mem.readLong(pa);
            default -> ir.bigEndian() ? mem.readIntBigEndian(pa) : mem.readInt(pa);
        };
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long[] roots, long va) {
        if (roots.length != ir.roots().size()) {
            throw new IllegalArgumentException("roots");
        }
        int r = ir.rootFor(va);
        if (!ir.inRange(va) || r < 0) {
            return Translation.failed(va, -1, 0, Failure.OUT_OF_RANGE, "");
        }
        long table = Eval.eval(ir.roots().get(r).table(), 0, va, roots[r]);
        long acc = ir.attributeInit();
        for (int l = 0; l < ir.levels().size(); l++) {
            Level level = ir.levels().get(l);
            long pa = table + (long) level.index(va) * ir.entryBytes();
            long entry;
            try {
                entry = read(mem, pa);
            } catch (PhysicalMemory.Unreadable e) {
                return Translation.failed(va, l, pa, Failure.TABLE_OUTSIDE_MEMORY, "");
            }
            Rule match = null;
            for (Rule rule : level.rules()) {
                if (Eval.eval(rule.condition(), entry, va, 0) != 0) {
                    match = rule;
                    break;
                }
            }
            boolean last = l == ir.levels().size() - 1;
            switch (match) {
                case null -> {
                    return Translation.failed(va, l, entry, Failure.NO_RULE, "");
                }
                case Rule.Invalid x -> {
                    return Translation.failed(va, l, entry, Failure.NOT_PRESENT, "");
                }
                case Rule.Fault f -> {
                    return Translation.failed(va, l, entry, Failure.FAULT, f.message());
                }
                case Rule.Table t when last -> {
                    return Translation.failed(va, l, entry, Failure.NO_RULE, "");
                }
                case Rule.Table t -> {
                    acc = t.attributes().apply(acc, entry, va);
                    table = Eval.eval(t.address(), entry, va, 0);
                }
                case Rule.Leaf f -> {
                    acc = f.attributes().apply(acc, entry, va);
                    long address = Eval.eval(f.address(), entry, va, 0);
                    return Translation.mapped(va, address | (va & (level.span() - 1)), l, level.span(), entry, acc);
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    @Override
    public void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {
        if (roots.length != ir.roots().size()) {
            throw new IllegalArgumentException("roots");
        }
        record Piece(long a, long b, int root) {}
        List<Piece> pieces = new ArrayList<>();
        for (WalkerIr.AddressRange range : ir.ranges()) {
            for (int i = 0; i < ir.roots().size(); i++) {
                long a = max(max(first, range.first()), ir.roots().get(i).first());
                long b = min(min(last, range.last()), ir.roots().get(i).last());
                if (Long.compareUnsigned(a, b) <= 0) {
                    pieces.add(new Piece(a, b, i));
                }
            }
        }
        pieces.sort((x, y) -> Long.compareUnsigned(x.a(), y.a()));
        for (Piece p : pieces) {
            long table = Eval.eval(ir.roots().get(p.root()).table(), 0, p.a(), roots[p.root()]);
            if (!walkTable(mem, 0, table, p.a(), p.b(), visitor, ir.attributeInit())) {
                return;
            }
        }
    }

    private static long max(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    private static long min(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    private boolean walkTable(PhysicalMemory mem, int l, long table, long a, long b, WalkVisitor v, long acc) {
        Level level = ir.levels().get(l);
        int i0 = level.index(a);
        int i1 = level.index(b);
        int e = ir.entryBytes();
        if (!mem.contains(table + (long) i0 * e, (i1 - i0 + 1) * e)) {
            return v.fault(a, b, l, table, Failure.TABLE_OUTSIDE_MEMORY, "");
        }
        WalkVisitor.Action action = v.pre(a, b, l, table);
        if (action == WalkVisitor.Action.STOP) {
            return false;
        }
        if (action == WalkVisitor.Action.SKIP) {
            return true;
        }
        boolean lastLevel = l == ir.levels().size() - 1;
        boolean inHole = false;
        long holeStart = 0;
        long s = a;
        while (true) {
            long t = min(s | (level.span() - 1), b);
            long entry = read(mem, table + (long) level.index(s) * e);
            Rule match = null;
            for (Rule rule : level.rules()) {
                if (Eval.eval(rule.condition(), entry, s, 0) != 0) {
                    match = rule;
                    break;
                }
            }
            if (match instanceof Rule.Invalid) {
                if (!inHole) {
                    inHole = true;
                    holeStart = s;
                }
            } else {
                if (inHole) {
                    inHole = false;
                    if (!v.hole(holeStart, s - 1, l)) {
                        return false;
                    }
                }
                boolean go = switch (match) {
                    case null -> v.fault(s, t, l, entry, Failure.NO_RULE, "");
                    case Rule.Invalid x -> throw new IllegalStateException();
                    case Rule.Fault f -> v.fault(s, t, l, entry, Failure.FAULT, f.message());
                    case Rule.Table x when lastLevel -> v.fault(s, t, l, entry, Failure.NO_RULE, "");
                    case Rule.Table x -> walkTable(mem, l + 1, Eval.eval(x.address(), entry, s, 0), s, t, v,
                            x.attributes().apply(acc, entry, s));
                    case Rule.Leaf f -> v.leaf(s, Eval.eval(f.address(), entry, s, 0) | (s & (level.span() - 1)),
                            t - s + 1, l, entry, f.attributes().apply(acc, entry, s));
                };
                if (!go) {
                    return false;
                }
            }
            if (t == b) {
                break;
            }
            s = t + 1;
        }
        if (inHole && !v.hole(holeStart, b, l)) {
            return false;
        }
        return v.post(a, b, l, table);
    }
}
