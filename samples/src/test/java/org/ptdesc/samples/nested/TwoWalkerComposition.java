package org.ptdesc.samples.nested;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The test's own composition of two separate walkers, independent of any nested walker: walk
 * the whole stage 2 tree once, make a guest physical memory out of its leaves (each leaf's
 * guest physical range backed by the host bytes it maps to), translate with the guest walker
 * over that memory, then translate the guest physical result with the stage 2 walker. Only for
 * flat host memory ({@link PhysicalMemory#of(MemorySegment)}).
 */
final class TwoWalkerComposition {

    /** What the composition found: the host physical address, or which stage failed. */
    record Result(long pa, Translation guest, Translation host) {}

    private final TreeWalker guest;
    private final TreeWalker host;
    private final PhysicalMemory hostMemory;
    private final PhysicalMemory guestMemory;
    private final long[] guestRoots;
    private final long[] hostRoots;

    TwoWalkerComposition(TreeWalker guest, TreeWalker host, MemorySegment hostBytes, long[] guestRoots, long[] hostRoots) {
        this.guest = guest;
        this.host = host;
        this.hostMemory = PhysicalMemory.of(hostBytes);
        this.guestRoots = guestRoots;
        this.hostRoots = hostRoots;
        List<PhysicalMemory.Range> ranges = new ArrayList<>();
        long bytes = hostBytes.byteSize();
        host.walk(hostMemory, hostRoots, 0, -1L, (gpa, hpa, size, level, entry, attributes) -> {
            if (Long.compareUnsigned(hpa, bytes) < 0) {
                ranges.add(new PhysicalMemory.Range(gpa, Math.min(size, bytes - hpa), hpa));
            }
            return true;
        });
        this.guestMemory = PhysicalMemory.of(hostBytes, ranges, "guest physical view");
    }

    Result translate(long va) {
        Translation g = guest.translateDetailed(guestMemory, guestRoots, va);
        if (!g.mapped()) {
            return new Result(TreeWalker.NO_MAPPING, g, null);
        }
        Translation h = host.translateDetailed(hostMemory, hostRoots, g.pa());
        return new Result(h.pa(), g, h);
    }

    /** The guest's leaves over the guest physical view, for comparing walks. */
    List<long[]> guestLeaves(long first, long last) {
        List<long[]> out = new ArrayList<>();
        guest.walk(guestMemory, guestRoots, first, last, new WalkVisitor() {
            @Override
            public boolean leaf(long va, long gpa, long size, int level, long entry, long attributes) {
                out.add(new long[] {va, gpa, size});
                return true;
            }
        });
        return out;
    }
}
