package org.ptdesc.view;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.view.AttributeRoles.Role;

/**
 * Finds the warnings of a walk: ranges mapped writable and executable at once, and
 * user-accessible ranges in the kernel half. The kernel half is the addresses with bit 63 set
 * (the upper canonical half of x86-64, RISC-V and AArch64 TTBR1); a tree whose roots reach no
 * such address has none. A warning needs the attributes that say so ({@link AttributeRoles}):
 * without them it is not raised, rather than raised wrongly.
 */
public final class Warnings {
    private Warnings() {}

    /** The warnings of {@code walk}, an empty list when there is nothing to warn about. */
    public static List<Warning> of(CapturedWalk walk, AttributeRoles roles) {
        List<Warning> out = new ArrayList<>();
        if (roles.known(Role.WRITABLE) && roles.known(Role.EXECUTABLE)) {
            List<long[]> ranges = ranges(walk.runs(),
                    r -> roles.has(Role.WRITABLE, r.attributes()) && roles.has(Role.EXECUTABLE, r.attributes()));
            if (!ranges.isEmpty()) {
                out.add(new Warning(Warning.Kind.WRITABLE_EXECUTABLE, "mapped writable and executable at once", ranges));
            }
        }
        if (roles.known(Role.USER) && hasKernelHalf(walk.info())) {
            List<long[]> ranges = ranges(walk.runs(), r -> r.va() < 0 && roles.has(Role.USER, r.attributes()));
            if (!ranges.isEmpty()) {
                out.add(new Warning(Warning.Kind.USER_KERNEL, "kernel-half addresses that user mode may access",
                        ranges));
            }
        }
        return out;
    }

    private static boolean hasKernelHalf(TreeInfo info) {
        return info.roots().stream().anyMatch(r -> r.last() < 0);
    }

    private static List<long[]> ranges(List<LeafRun> runs, java.util.function.Predicate<LeafRun> test) {
        List<long[]> out = new ArrayList<>();
        for (LeafRun r : runs) {
            if (!test.test(r)) {
                continue;
            }
            long[] tail = out.isEmpty() ? null : out.getLast();
            if (tail != null && tail[1] + 1 == r.va() && tail[1] != -1L) {
                tail[1] = r.last();
            } else {
                out.add(new long[] {r.va(), r.last()});
            }
        }
        return out;
    }
}
