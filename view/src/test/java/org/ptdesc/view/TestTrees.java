package org.ptdesc.view;

import java.util.List;
import org.ptdesc.runtime.TreeInfo;

/** A small x86-64-like tree description for tests: four 9-bit levels, and x86's attribute names. */
final class TestTrees {
    private TestTrees() {}

    static TreeInfo x86Like() {
        return new TreeInfo("t", "test tree", "t.ptdesc", 48, 8,
                List.of(new TreeInfo.RootInfo("cr3", 0, -1L, "")),
                List.of(new TreeInfo.LevelInfo("L0", 39, 9, ""), new TreeInfo.LevelInfo("L1", 30, 9, ""),
                        new TreeInfo.LevelInfo("L2", 21, 9, ""), new TreeInfo.LevelInfo("L3", 12, 9, "")),
                List.of(new TreeInfo.AttributeInfo("writable", 0, 1, "and", true, ""),
                        new TreeInfo.AttributeInfo("user", 1, 1, "and", true, ""),
                        new TreeInfo.AttributeInfo("nx", 2, 1, "or", true, ""),
                        new TreeInfo.AttributeInfo("global", 3, 1, "set", true, "")));
    }
}
