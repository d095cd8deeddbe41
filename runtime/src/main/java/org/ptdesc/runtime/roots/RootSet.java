package org.ptdesc.runtime.roots;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The roots of one tree, in declaration order, each with its value or without one. A set may
 * be partial (a kernel's VMCOREINFO names the AArch64 kernel's TTBR1 table, but no process's
 * TTBR0 table): callers walk only {@link #walkable} ranges and report addresses of the others
 * as having no root, instead of walking a table that was never the root of that range.
 *
 * @param roots one entry per root of the tree, in declaration order
 */
public record RootSet(List<RootValue> roots) {

    public RootSet {
        roots = List.copyOf(roots);
        if (roots.stream().noneMatch(r -> r.value().isPresent())) {
            throw new IllegalArgumentException("a root set needs at least one value");
        }
    }

    /** True when every root has a value. */
    public boolean complete() {
        return roots.stream().allMatch(r -> r.value().isPresent());
    }

    /**
     * The register values to pass to a walker, in declaration order. A root without a value
     * gets the first known value as a stand-in: the walker needs one value per root, and the
     * stand-in is never used, because callers keep to {@link #walkable} ranges.
     */
    public long[] registers() {
        long stand = roots.stream().filter(r -> r.value().isPresent()).findFirst().orElseThrow().value().getAsLong();
        return roots.stream().mapToLong(r -> r.value().orElse(stand)).toArray();
    }

    /** The root that translates {@code va} but has no value, if there is one. */
    public Optional<RootValue> missingFor(long va) {
        return roots.stream().filter(r -> r.value().isEmpty() && r.covers(va)).findFirst();
    }

    /**
     * The parts of {@code first..last} (unsigned, inclusive) to walk: all of it when the set is
     * complete, otherwise its intersections with the ranges of the roots that have values, in
     * address order.
     */
    public List<long[]> walkable(long first, long last) {
        if (complete()) {
            return List.of(new long[] {first, last});
        }
        List<long[]> out = new ArrayList<>();
        roots.stream()
                .filter(r -> r.value().isPresent())
                .sorted((a, b) -> Long.compareUnsigned(a.first(), b.first()))
                .forEach(r -> {
                    long lo = Long.compareUnsigned(first, r.first()) > 0 ? first : r.first();
                    long hi = Long.compareUnsigned(last, r.last()) < 0 ? last : r.last();
                    if (Long.compareUnsigned(lo, hi) <= 0) {
                        out.add(new long[] {lo, hi});
                    }
                });
        return out;
    }
}
