package org.ptdesc.compiler.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.model.Type;
import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.Member;
import org.ptdesc.compiler.syntax.Name;

/**
 * A checked field or flag: its slices with constant bounds and its value as a term over the
 * entry. Bounds are checked against 0..63 here and against the entry width where the entry width
 * is known (a format's fields are checked again in every tree that uses the format).
 * {@code parametric}: a bound depends on a parameter.
 */
record FieldDef(Name name, boolean flag, Term value, List<Bits> slices, boolean parametric) {

    /** One checked slice, with the span of its high bit for "outside the entry" errors. */
    record Bits(int hi, int lo, SourceSpan hiSpan) {}

    /** Checks {@code f}; empty when it has an error (reported). */
    static Optional<FieldDef> check(Member.Field f, Scope scope, ExpressionChecker checker, Reporter reporter,
            int entryBits) {
        List<Bits> bits = new ArrayList<>();
        boolean ok = true;
        for (Member.BitRange r : f.slices()) {
            Optional<Integer> hi = checker.bound(r.hi(), scope, 64, "0..63");
            Optional<Integer> lo = r.lo().isPresent() ? checker.bound(r.lo().get(), scope, 64, "0..63") : hi;
            if (hi.isEmpty() || lo.isEmpty()) {
                ok = false;
                continue;
            }
            if (lo.get() > hi.get()) {
                reporter.report(DiagnosticCode.SLICE_REVERSED, r.span(), hi.get(), lo.get());
                ok = false;
                continue;
            }
            bits.add(new Bits(hi.get(), lo.get(), r.hi().span()));
        }
        if (!ok) {
            return Optional.empty();
        }
        if (f.flag() && (bits.size() != 1 || bits.getFirst().hi() != bits.getFirst().lo())) {
            reporter.report(DiagnosticCode.FLAG_NOT_ONE_BIT, f.name().span(), f.name().text());
            return Optional.empty();
        }
        int width = bits.stream().mapToInt(b -> b.hi() - b.lo() + 1).sum();
        if (width > 64) {
            reporter.report(DiagnosticCode.FIELD_TOO_WIDE, f.name().span(), f.name().text(), width);
            return Optional.empty();
        }
        FieldDef def = new FieldDef(f.name(), f.flag(), value(f.flag(), bits), bits, ParameterUse.in(f, scope));
        return def.fitsEntry(entryBits, reporter) ? Optional.of(def) : Optional.empty();
    }

    /** Reports each slice that reaches above the entry; true when all fit. */
    boolean fitsEntry(int entryBits, Reporter reporter) {
        boolean ok = true;
        for (Bits b : slices) {
            if (b.hi() >= entryBits) {
                reporter.report(DiagnosticCode.SLICE_OUT_OF_RANGE, b.hiSpan(), b.hi(), "the " + entryBits + "-bit entry");
                ok = false;
            }
        }
        return ok;
    }

    private static Term value(boolean flag, List<Bits> bits) {
        if (bits.size() == 1) {
            Bits b = bits.getFirst();
            return new Term.Slice(Term.ENTRY, b.hi(), b.lo(), flag ? Type.BOOL : Type.INT);
        }
        List<Term.Slice> parts = new ArrayList<>();
        for (Bits b : bits) {
            parts.add(new Term.Slice(Term.ENTRY, b.hi(), b.lo(), Type.INT));
        }
        return new Term.Concat(parts);
    }
}
