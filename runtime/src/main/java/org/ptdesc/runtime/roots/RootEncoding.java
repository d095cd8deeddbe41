package org.ptdesc.runtime.roots;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * How a root's register value encodes its table's physical address, found by asking the walker
 * itself (which table does a walk from value R start at?) so that the descriptor's root
 * expression stays the one definition: CR3 and TTBR hold the address in place
 * ({@code cr3[51:12] << 12}), satp holds it shifted ({@code satp[43:0] << 12}). A scan needs
 * the inverse, from a candidate table's address to the register value that names it.
 *
 * @param shift the register holds the table address shifted right by this many bits
 */
record RootEncoding(int shift) {

    /** A table address whose low 16 bits are clear, so every granule's mask keeps it. */
    private static final long PROBE = 0x1234_0000L;

    /** The register value that makes the walker start at {@code table}. */
    long register(long table) {
        return table >>> shift;
    }

    /** The encoding of root {@code index} of {@code walker}'s tree, or empty if it is neither in place nor a plain shift. */
    static Optional<RootEncoding> of(TreeWalker walker, int index) {
        // An empty memory: the walk reports the root table as unreadable, with its address.
        try (Arena arena = Arena.ofConfined()) {
            PhysicalMemory empty = PhysicalMemory.of(arena.allocate(8), 0);
            for (int shift = 0; shift <= 16; shift++) {
                if (startTable(walker, empty, index, PROBE >>> shift) == PROBE) {
                    return Optional.of(new RootEncoding(shift));
                }
            }
        }
        return Optional.empty();
    }

    /** The physical address of the top table a walk of root {@code index} from value {@code register} starts at, or -1. */
    static long startTable(TreeWalker walker, PhysicalMemory mem, int index, long register) {
        var root = walker.info().roots().get(index);
        long[] roots = new long[walker.info().roots().size()];
        java.util.Arrays.fill(roots, register);
        long[] found = {-1};
        walker.walk(mem, roots, root.first(), root.last(), new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                return false;
            }

            @Override
            public Action pre(long first, long last, int level, long table) {
                found[0] = table;
                return Action.STOP;
            }

            @Override
            public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
                if (level == 0 && kind == Failure.TABLE_OUTSIDE_MEMORY) {
                    found[0] = entry;
                }
                return false;
            }
        });
        return found[0];
    }
}
