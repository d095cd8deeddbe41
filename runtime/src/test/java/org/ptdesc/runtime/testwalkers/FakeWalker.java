package org.ptdesc.runtime.testwalkers;

import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/** A walker that maps nothing, standing in for generated ones in the tests of {@code Walkers}. */
public abstract class FakeWalker implements TreeWalker {

    private final TreeInfo info;

    protected FakeWalker(String tree) {
        this.info = new TreeInfo(tree, "a test tree", tree + ".ptdesc", 48, 8,
                List.of(new TreeInfo.RootInfo("root", 0, -1L, "")), List.of(), List.of());
    }

    @Override
    public TreeInfo info() {
        return info;
    }

    @Override
    public long translate(PhysicalMemory mem, long root, long va) {
        return NO_MAPPING;
    }

    @Override
    public long translate(PhysicalMemory mem, long[] roots, long va) {
        return NO_MAPPING;
    }

    @Override
    public Translation translateDetailed(PhysicalMemory mem, long[] roots, long va) {
        return Translation.failed(va, -1, 0, Failure.OUT_OF_RANGE, "");
    }

    @Override
    public void walk(PhysicalMemory mem, long[] roots, long first, long last, WalkVisitor visitor) {}
}
