package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;

/**
 * Assertions on nested translations of a hand-built pair of trees; both the detailed and the
 * plain form are checked, so they cannot disagree.
 */
record Expect(NestedWalker walker, PhysicalMemory mem, long[] guestRoots, long[] hostRoots) {

    /** Single-root trees. */
    Expect(NestedWalker walker, PhysicalMemory mem, long guestRoot, long hostRoot) {
        this(walker, mem, new long[] {guestRoot}, new long[] {hostRoot});
    }

    NestedTranslation detailed(long va) {
        return walker.translateDetailed(mem, guestRoots, hostRoots, va);
    }

    /** {@code va} maps to host physical {@code pa} through guest physical {@code gpa}, {@code size} bytes contiguous. */
    NestedTranslation mapped(long va, long pa, long gpa, long size) {
        NestedTranslation t = detailed(va);
        String where = "nested translate 0x" + Long.toHexString(va) + ": " + t;
        assertEquals(Stage.NONE, t.stage(), where);
        assertEquals(hex(pa), hex(t.pa()), where);
        assertEquals(hex(gpa), hex(t.gpa()), where);
        assertEquals(hex(size), hex(t.size()), where);
        assertEquals(hex(pa), hex(walker.translate(mem, guestRoots, hostRoots, va)), where + " (plain)");
        return t;
    }

    /** Stage 2 failed with {@code failure} at its {@code hostLevel} for {@code gpa}, needed by the guest's {@code guestLevel}. */
    NestedTranslation hostFails(long va, int guestLevel, long gpa, Failure failure, int hostLevel) {
        NestedTranslation t = detailed(va);
        String where = "nested translate 0x" + Long.toHexString(va) + ": " + t;
        assertEquals(Stage.HOST, t.stage(), where);
        assertEquals(guestLevel, t.guestLevel(), where);
        assertEquals(hex(gpa), hex(t.failedGpa()), where);
        assertEquals(failure, t.host().failure(), where);
        assertEquals(hostLevel, t.host().level(), where);
        assertEquals(TreeWalker.NO_MAPPING, t.pa(), where);
        assertEquals(TreeWalker.NO_MAPPING, walker.translate(mem, guestRoots, hostRoots, va), where + " (plain)");
        return t;
    }

    /** The guest's tree failed with {@code failure} at {@code level}. */
    NestedTranslation guestFails(long va, Failure failure, int level) {
        NestedTranslation t = detailed(va);
        String where = "nested translate 0x" + Long.toHexString(va) + ": " + t;
        assertEquals(Stage.GUEST, t.stage(), where);
        assertEquals(failure, t.guest().failure(), where);
        assertEquals(level, t.guest().level(), where);
        assertEquals(TreeWalker.NO_MAPPING, walker.translate(mem, guestRoots, hostRoots, va), where + " (plain)");
        return t;
    }

    private static String hex(long x) {
        return "0x" + Long.toHexString(x);
    }
}
