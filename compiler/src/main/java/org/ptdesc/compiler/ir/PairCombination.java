package org.ptdesc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Severity;
import org.ptdesc.runtime.TreeInfo;

/**
 * A stage 2 tree's combined attributes bound to the guest tree of one pair: each guest input
 * filled from the guest attribute of the same name (which must be boolean exactly when the
 * input is, and be no wider), and the combined attributes evaluated over a nested
 * translation's two leaves. Binding is where the pair is checked, located at the stage 2 tree's
 * {@code guest attribute} declarations: any two trees compose, so a guest tree that lacks an
 * input (an AArch64 guest under EPT, whose combination reads x86 PAT bits) gets a warning and
 * a pair without combined attributes; an input of another type is an error. The reference
 * ({@link org.ptdesc.compiler.interp.NestedInterpreter}) evaluates with {@link #combine};
 * the generated pair class emits the same moves and expressions.
 */
public final class PairCombination {

    /** Where a guest input comes from: guest attribute bits {@code from + width - 1 .. from} to input bit {@code to}. */
    public record Move(int from, int width, int to) {}

    /** Nothing combined: a pair whose stage 2 tree declares no combined attributes. */
    public static final PairCombination NONE = new PairCombination(Combination.NONE, List.of(), List.of());

    private final Combination combination;
    private final List<Move> moves;
    private final List<Diagnostic> diagnostics;

    private PairCombination(Combination combination, List<Move> moves, List<Diagnostic> diagnostics) {
        this.combination = combination;
        this.moves = List.copyOf(moves);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Binds {@code host}'s combined attributes to {@code guest}; see {@link #errors()} and {@link #warnings()}. */
    public static PairCombination bind(WalkerIr guest, WalkerIr host) {
        Combination c = host.combination();
        List<Move> moves = new ArrayList<>();
        List<Diagnostic> said = new ArrayList<>();
        for (Combination.GuestInput in : c.inputs()) {
            Attribute found = guest.attributes().stream().filter(a -> a.name().equals(in.name())).findFirst()
                    .orElse(null);
            if (found == null) {
                String names = guest.attributes().stream().map(Attribute::name).reduce((a, b) -> a + ", " + b)
                        .map(s -> "its attributes: " + s).orElse("it declares none");
                said.add(diagnostic(in, DiagnosticCode.GUEST_ATTRIBUTE_MISSING, guest.name(), in.name(), host.name(), names));
            } else if (found.bool() != in.bool() || found.width() > in.width()) {
                said.add(diagnostic(in, DiagnosticCode.GUEST_ATTRIBUTE_TYPE, guest.name(), in.name(), kind(found.bool(),
                        found.width()), host.name(), kind(in.bool(), in.width())));
            } else {
                moves.add(new Move(found.offset(), found.width(), in.offset()));
            }
        }
        return new PairCombination(said.isEmpty() ? c : Combination.NONE, said.isEmpty() ? moves : List.of(), said);
    }

    private static String kind(boolean bool, int width) {
        return bool ? "boolean" : width + (width == 1 ? " bit wide" : " bits wide");
    }

    private static Diagnostic diagnostic(Combination.GuestInput in, DiagnosticCode code, Object... args) {
        return new Diagnostic(code.severity(), code, in.at(), code.format(args), in.sourceLine(), in.caretColumn());
    }

    /** The pair's errors: guest inputs the guest tree has with another type; the pair is refused. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
    }

    /** The pair's warnings: guest inputs the guest tree lacks; the pair has no combined attributes. */
    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> d.severity() != Severity.ERROR).toList();
    }

    /** The errors rendered, one after the other, for an exception message. */
    public String renderErrors() {
        return String.join("\n", errors().stream().map(Diagnostic::render).toList());
    }

    /** The warnings rendered, one after the other. */
    public String renderWarnings() {
        return String.join("\n", warnings().stream().map(Diagnostic::render).toList());
    }

    /** The bound combination ({@link Combination#NONE} when the guest lacks an input or has one of another type). */
    public Combination combination() {
        return combination;
    }

    /** How the guest input word is filled from the guest's attribute word. */
    public List<Move> moves() {
        return moves;
    }

    /** The guest input word for the guest's attribute word {@code guestAttributes}. */
    public long guestInputs(long guestAttributes) {
        long word = 0;
        for (Move m : moves) {
            long mask = m.width() == 64 ? -1L : (1L << m.width()) - 1;
            word |= ((guestAttributes >>> m.from()) & mask) << m.to();
        }
        return word;
    }

    /**
     * The combined word of a nested translation whose guest leaf has attributes
     * {@code guestAttributes} and whose stage 2 leaf is {@code hostEntry} with attributes
     * {@code hostAttributes}.
     */
    public long combine(long guestAttributes, long hostAttributes, long hostEntry) {
        long inputs = guestInputs(guestAttributes);
        long word = 0;
        for (Combination.Combined a : combination.attributes()) {
            word |= Eval.combined(a.value(), hostEntry, hostAttributes, inputs) << a.offset();
        }
        return word;
    }

    /** The runtime's description of the combined word (operator {@code combined}). */
    public List<TreeInfo.AttributeInfo> info() {
        return infos(combination);
    }

    /** The runtime's description of a combined word. */
    public static List<TreeInfo.AttributeInfo> infos(Combination c) {
        List<TreeInfo.AttributeInfo> out = new ArrayList<>();
        for (Combination.Combined a : c.attributes()) {
            out.add(new TreeInfo.AttributeInfo(a.name(), a.offset(), a.width(), "combined", a.bool(), a.doc()));
        }
        return out;
    }
}
