package com.example;

import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.Walkers;

/** The README's use of a walker, compiled against the runtime alone. */
public final class Mmu {

    private Mmu() {}

    /** The physical address of {@code va} under {@code cr3}, or {@link TreeWalker#NO_MAPPING}. */
    public static long translate(PhysicalMemory mem, long cr3, long va) {
        TreeWalker x86 = Walkers.find("x86_64");
        return x86.translate(mem, cr3, va);
    }
}
