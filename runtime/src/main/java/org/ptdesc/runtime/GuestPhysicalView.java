package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of a guest's physical memory that a generic nested walk has needed so far: the stage
 * 2 pages holding the guest tables it has read, each backed by the host bytes stage 2 maps it
 * to (clipped to the host range that holds them). It grows one stage 2 page at a time; the
 * guest walker reads through {@link #memory()}, and a read outside it is a page not yet
 * translated (or one stage 2 cannot translate, or maps outside host memory).
 */
final class GuestPhysicalView {

    private final PhysicalMemory host;
    private final List<PhysicalMemory.Range> hostRanges;
    private final List<PhysicalMemory.Range> pages = new ArrayList<>();
    private PhysicalMemory memory;

    GuestPhysicalView(PhysicalMemory host) {
        this.host = host;
        this.hostRanges = host.ranges();
        this.memory = host.remapped(List.of(), "guest physical view");
    }

    PhysicalMemory memory() {
        return memory;
    }

    /**
     * Adds the stage 2 page of {@code translation} (stage 2's successful translation of guest
     * physical {@code gpa}), so that {@code bytes} bytes at {@code gpa} become readable. False
     * when they cannot: the host bytes lie outside host memory, or the page is already there.
     */
    boolean add(long gpa, Translation translation, int bytes) {
        if (memory.contains(gpa, bytes) || !host.contains(translation.pa(), bytes)) {
            return false;
        }
        long pageStart = gpa & -translation.size();
        long hostStart = translation.pa() - (gpa - pageStart);
        long pageLast = pageStart + (translation.size() - 1);
        for (PhysicalMemory.Range r : hostRanges) {
            long rangeLast = r.start() + (r.length() - 1);
            if (Long.compareUnsigned(r.start(), translation.pa()) > 0
                    || Long.compareUnsigned(translation.pa(), rangeLast) > 0) {
                continue;
            }
            // The page's guest bytes whose host bytes lie within this host range.
            long first = Long.compareUnsigned(hostStart, r.start()) >= 0 ? pageStart : pageStart + (r.start() - hostStart);
            long last = Long.compareUnsigned(hostStart + (translation.size() - 1), rangeLast) <= 0 ? pageLast
                    : pageStart + (rangeLast - hostStart);
            // Stage 2 pages never overlap (each guest physical address has one leaf), nor do
            // the pieces of one page in different host ranges, so the view stays well formed.
            pages.add(new PhysicalMemory.Range(first, last - first + 1, hostStart + (first - pageStart)));
            memory = host.remapped(pages, "guest physical view");
            return true;
        }
        return false;
    }
}
