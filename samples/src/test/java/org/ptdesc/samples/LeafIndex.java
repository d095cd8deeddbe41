package org.ptdesc.samples;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Every leaf of a whole-space walk, indexed by start address, so that a test can answer
 * "where does this address map?" from the walk alone and compare that with the per-address
 * translations of an oracle.
 */
public final class LeafIndex implements WalkVisitor {

    private final NavigableMap<Long, long[]> leaves = new TreeMap<>(Long::compareUnsigned);

    /** Walks all of {@code 0 .. 2^64-1} with {@code roots} and indexes the leaves. */
    public static LeafIndex walk(TreeWalker walker, PhysicalMemory mem, long... roots) {
        LeafIndex index = new LeafIndex();
        walker.walk(mem, roots, 0, -1L, index);
        return index;
    }

    @Override
    public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
        leaves.put(va, new long[] {pa, size});
        return true;
    }

    /** Number of leaves walked. */
    public int size() {
        return leaves.size();
    }

    /** The physical address of {@code va} according to the walk, or {@link TreeWalker#NO_MAPPING}. */
    public long pa(long va) {
        Map.Entry<Long, long[]> e = leaves.floorEntry(va);
        if (e == null || Long.compareUnsigned(va - e.getKey(), e.getValue()[1]) >= 0) {
            return TreeWalker.NO_MAPPING;
        }
        return e.getValue()[0] + (va - e.getKey());
    }
}
