package org.ptdesc.runtime.testwalkers;

import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Shaped as a walker generated for ABI 1, before access checks: it implements only the plain
 * methods and maps every address to itself as one 4 KiB page.
 */
@GeneratedWalker(abi = 1, tree = "legacy", source = "legacy.ptdesc", compiler = "0.1.0")
public final class Abi1Walker extends FakeWalker {
    public Abi1Walker() {
        super("legacy");
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va) {
        return va;
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va) {
        return va;
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long[] roots, long va) {
        return Translation.mapped(va, va, 0, 4096, 0x7, 0);
    }

    @Override
    public void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {
        visitor.leaf(first & ~0xfffL, first & ~0xfffL, 4096, 0, 0x7, 0);
    }
}
