package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * Compares a nested walker with {@link TwoWalkerComposition} on many addresses: the same host
 * physical address, and failures that correspond (a guest table the stage 2 tree cannot
 * translate is, over the composition's guest physical view, a guest table outside memory).
 */
final class Differential {

    private Differential() {}

    /** Each base, and 4000 seeded random addresses within 1 GiB above each. */
    static List<Long> addresses(long... bases) {
        SplittableRandom random = new SplittableRandom(12);
        List<Long> out = new ArrayList<>();
        for (long base : bases) {
            out.add(base);
            for (int i = 0; i < 4000; i++) {
                // Mostly near the base (where the hand-built tables are), some anywhere in 1 GiB.
                long span = i % 2 == 0 ? 0x40_0000 : 0x4000_0000L;
                out.add(base + random.nextLong(span));
            }
        }
        return out;
    }

    static void compare(NestedWalker w, PhysicalMemory mem, long[] guestRoots, long[] hostRoots,
            TwoWalkerComposition c, List<Long> addresses) {
        int mapped = 0;
        for (long va : addresses) {
            NestedTranslation n = w.translateDetailed(mem, guestRoots, hostRoots, va);
            TwoWalkerComposition.Result r = c.translate(va);
            String where = "0x" + Long.toHexString(va) + ": nested " + n + " composed " + r;
            assertEquals(r.pa(), n.pa(), where);
            if (n.mapped()) {
                mapped++;
                assertEquals(r.guest().pa(), n.gpa(), where);
                assertEquals(r.guest().attributes(), n.guest().attributes(), where);
                assertEquals(r.host().attributes(), n.host().attributes(), where);
            } else if (n.stage() == Stage.HOST && n.guestLevel() >= 0) {
                assertEquals(Failure.TABLE_OUTSIDE_MEMORY, r.guest().failure(), where);
                assertEquals(n.guestLevel(), r.guest().level(), where);
                assertEquals(n.failedGpa(), r.guest().entry(), where);
            } else if (n.stage() == Stage.HOST) {
                assertEquals(r.guest().pa(), n.failedGpa(), where);
                assertEquals(r.host().failure(), n.host().failure(), where);
                assertEquals(r.host().level(), n.host().level(), where);
            } else if (n.guest().failure() == Failure.TABLE_OUTSIDE_MEMORY) {
                // Stage 2 maps the guest table past host memory: the view has no range for it.
                assertEquals(Failure.TABLE_OUTSIDE_MEMORY, r.guest().failure(), where);
                assertEquals(n.failedGpa(), r.guest().entry(), where);
            } else {
                assertEquals(r.guest().failure(), n.guest().failure(), where);
                assertEquals(r.guest().level(), n.guest().level(), where);
            }
        }
        if (mapped == 0) {
            throw new AssertionError("no address mapped: the comparison would prove nothing");
        }
    }
}
