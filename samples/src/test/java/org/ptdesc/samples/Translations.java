package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;

/**
 * Assertions on single translations of a hand-built tree: where an address maps (physical
 * address, level of the leaf, page size) or why it does not (failure kind and level). Both the
 * detailed and the plain form of {@code translate} are checked, so they cannot disagree.
 */
public record Translations(TreeWalker walker, PhysicalMemory mem, long... roots) {

    /** {@code va} maps to {@code pa} through a leaf at {@code level} mapping {@code size} bytes. */
    public Translation mapped(long va, long pa, int level, long size) {
        Translation t = walker.translateDetailed(mem, roots, va);
        String where = "translate 0x" + Long.toHexString(va);
        assertEquals(Failure.NONE, t.failure(), where + ": " + t);
        assertEquals(hex(pa), hex(t.pa()), where + ": pa");
        assertEquals(level, t.level(), where + ": level");
        assertEquals(hex(size), hex(t.size()), where + ": size");
        assertEquals(hex(pa), hex(walker.translate(mem, roots, va)), where + ": plain translate");
        return t;
    }

    /** {@code va} has no mapping: {@code failure} at {@code level}. */
    public Translation fails(long va, Failure failure, int level) {
        Translation t = walker.translateDetailed(mem, roots, va);
        String where = "translate 0x" + Long.toHexString(va);
        assertEquals(failure, t.failure(), where + ": " + t);
        assertEquals(level, t.level(), where + ": level");
        assertEquals(TreeWalker.NO_MAPPING, t.pa(), where + ": pa");
        assertEquals(TreeWalker.NO_MAPPING, walker.translate(mem, roots, va), where + ": plain translate");
        return t;
    }

    /** {@code va} matches a fault rule at {@code level} whose message contains {@code text}. */
    public Translation faults(long va, int level, String text) {
        Translation t = fails(va, Failure.FAULT, level);
        if (!t.message().contains(text)) {
            throw new AssertionError("translate 0x" + Long.toHexString(va) + ": fault message '" + t.message()
                    + "' does not mention '" + text + "'");
        }
        return t;
    }

    private static String hex(long x) {
        return "0x" + Long.toHexString(x);
    }
}
