package org.ptdesc.compiler.codegen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.ptdesc.compiler.ir.EntryRegion;

/**
 * How the plain {@code translate} handles each level. A level inline tries every rule in order
 * in the method itself. A level with a fast accept tests the regions of its common rules
 * ({@link FastRule}) and does their actions inline; any other entry goes out of line, to a
 * private static twin of the method that translates the address again with every rule of every
 * level inline ({@link TranslateEmitter}). {@link TranslatePlanner} chooses.
 *
 * @param fast per level, the fast accepts in the order they are tested, or {@code null} for a
 *     level inline
 * @param flatReads whether the public methods read a flat memory's segment directly (and leave
 *     other memory to a twin that reads through it), or read every memory through it
 */
record TranslatePlan(List<List<FastRule>> fast, boolean flatReads) {

    /** Rule {@code rule} of a level (its index in the level's rules) is taken inline for every entry of {@code region}. */
    record FastRule(int rule, EntryRegion region) {}

    TranslatePlan {
        fast = Collections.unmodifiableList(new ArrayList<>(fast)); // null: a level inline
    }

    /** Every level inline, reading through the memory. */
    static TranslatePlan inline(int levels) {
        return new TranslatePlan(Collections.nCopies(levels, null), false);
    }

    /** This plan with flat reads on or off. */
    TranslatePlan withFlatReads(boolean on) {
        return new TranslatePlan(fast, on);
    }

    /** True when level {@code index} has a fast accept (and its other entries go out of line). */
    boolean outOfLine(int index) {
        return fast.get(index) != null;
    }

    /** The first level with a fast accept, or the number of levels when there is none. */
    int firstOutOfLine() {
        for (int i = 0; i < fast.size(); i++) {
            if (outOfLine(i)) {
                return i;
            }
        }
        return fast.size();
    }

    /** This plan with level {@code index}'s fast accepts replaced. */
    TranslatePlan with(int index, List<FastRule> rules) {
        List<List<FastRule>> copy = new ArrayList<>(fast);
        copy.set(index, rules == null ? null : List.copyOf(rules));
        return new TranslatePlan(copy, flatReads);
    }
}
