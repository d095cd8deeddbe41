package org.ptdesc.compiler.ir;

import java.util.List;
import org.ptdesc.compiler.source.SourceSpan;

/**
 * A stage 2 tree's combined attributes, as its {@code guest attribute} and {@code combined}
 * declarations state them: what it needs from the guest tree of a pair (the guest inputs, packed
 * into the guest input word in declaration order), and the attributes of a nested translation
 * computed from its own leaf (entry and attribute word) and those inputs, packed into the
 * combined word in declaration order. Which guest attribute feeds which input is decided per
 * pair ({@link PairCombination}); the expressions here read the input word as
 * {@link Expr.Input#GUEST}, the stage 2 attribute word as {@link Expr.Input#ATTRIBUTES} and the
 * stage 2 leaf entry as {@link Expr.Entry}, and are already masked to their widths.
 */
public record Combination(List<GuestInput> inputs, List<Combined> attributes) {

    /** No combined attributes (every tree that declares none). */
    public static final Combination NONE = new Combination(List.of(), List.of());

    public Combination {
        inputs = List.copyOf(inputs);
        attributes = List.copyOf(attributes);
    }

    /** True when the tree declares no combined attribute. */
    public boolean isEmpty() {
        return attributes.isEmpty();
    }

    /**
     * A guest input: bits {@code offset + width - 1 .. offset} of the guest input word, to be
     * filled from the guest attribute of the same name; {@code at}, {@code sourceLine} and
     * {@code caretColumn} locate its declaration for the diagnostics of a pair.
     */
    public record GuestInput(String name, int offset, int width, boolean bool, String doc, SourceSpan at,
            String sourceLine, int caretColumn) {}

    /** A combined attribute: bits {@code offset + width - 1 .. offset} of the combined word, {@code value} already masked. */
    public record Combined(String name, int offset, int width, boolean bool, Expr value, String doc, int line) {}
}
