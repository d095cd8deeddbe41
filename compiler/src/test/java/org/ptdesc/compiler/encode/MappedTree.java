package org.ptdesc.compiler.encode;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TablePool;
import org.ptdesc.runtime.TreeMapper;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A tree being built in a fresh memory for a test: the memory, a {@link TablePool}, the roots
 * (one new top table per root), and a walk of the result by the reference walker, as runs.
 */
final class MappedTree {

    /** A run of mapped addresses: physical addresses contiguous, one attribute word. */
    record Run(long va, long pa, long size, long attributes) {}

    static final long POOL_BASE = 0x10000;

    final WalkerIr ir;
    final PhysicalMemory mem;
    final TablePool pool;
    final long[] roots;
    final MemorySegment segment;

    MappedTree(WalkerIr ir, TreeMapper mapper, Arena arena, long bytes) {
        this(ir, mapper, arena, bytes, true);
    }

    /** As above; without {@code requireRoots}, a root the mapper cannot make stays {@link TreeMapper#NO_ROOT}. */
    MappedTree(WalkerIr ir, TreeMapper mapper, Arena arena, long bytes, boolean requireRoots) {
        this.ir = ir;
        this.segment = arena.allocate(bytes, 4096);
        this.mem = PhysicalMemory.of(segment);
        this.pool = new TablePool(mem, POOL_BASE, bytes - POOL_BASE);
        this.roots = new long[ir.roots().size()];
        for (int r = 0; r < roots.length; r++) {
            roots[r] = mapper.newRoot(mem, r, pool);
            if (roots[r] == TreeMapper.NO_ROOT && requireRoots) {
                throw new AssertionError("no root");
            }
        }
    }

    /** Every leaf of the tree as the reference walker sees it, merged into runs; faults fail the test. */
    List<Run> walk() {
        List<Run> leaves = new ArrayList<>();
        new Interpreter(ir).walk(mem, roots, 0, -1L, new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                leaves.add(new Run(va, pa, size, attributes));
                return true;
            }

            @Override
            public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
                throw new AssertionError("fault at 0x" + Long.toHexString(first) + " level " + level + ": " + kind
                        + " entry 0x" + Long.toHexString(entry) + " " + message);
            }
        });
        return merge(leaves);
    }

    /** Adjacent runs with contiguous physical addresses and equal attributes, merged. */
    static List<Run> merge(List<Run> runs) {
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            if (!out.isEmpty()) {
                Run p = out.getLast();
                if (p.va() + p.size() == r.va() && p.pa() + p.size() == r.pa() && p.attributes() == r.attributes()
                        && p.va() + p.size() != 0) {
                    out.set(out.size() - 1, new Run(p.va(), p.pa(), p.size() + r.size(), p.attributes()));
                    continue;
                }
            }
            out.add(r);
        }
        return out;
    }
}
