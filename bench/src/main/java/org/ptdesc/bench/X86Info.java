package org.ptdesc.bench;

import java.util.List;
import org.ptdesc.runtime.TreeInfo;

/**
 * What the two Java baselines (hand-written and generic) say about themselves: the same tree
 * as {@code samples/descriptors/x86_64.ptdesc}, with its attribute word packed the same way
 * (bit 0 writable, 1 user, 2 nx, 3 global), so their leaves can be compared with the
 * compiled walker's.
 */
public final class X86Info {

    /** The tree description shared by the baselines. */
    public static final TreeInfo INFO = new TreeInfo("x86_64", "x86-64 4-level paging (Java baseline)", "x86_64.ptdesc",
            48, 8,
            List.of(new TreeInfo.RootInfo("cr3", 0, -1L, "CR3")),
            List.of(new TreeInfo.LevelInfo("PML4", 39, 9, ""),
                    new TreeInfo.LevelInfo("PDPT", 30, 9, ""),
                    new TreeInfo.LevelInfo("PD", 21, 9, ""),
                    new TreeInfo.LevelInfo("PT", 12, 9, "")),
            List.of(new TreeInfo.AttributeInfo("writable", 0, 1, "and", true, ""),
                    new TreeInfo.AttributeInfo("user", 1, 1, "and", true, ""),
                    new TreeInfo.AttributeInfo("nx", 2, 1, "or", true, ""),
                    new TreeInfo.AttributeInfo("global", 3, 1, "set", true, "")));

    /** The attribute word before the first level: and-attributes all ones, the others zero. */
    public static final long ATTRIBUTES_INIT = 0b0011;

    /** Last address of the lower canonical half. */
    public static final long LOW_LAST = 0x0000_7fff_ffff_ffffL;
    /** First address of the upper canonical half. */
    public static final long HIGH_FIRST = 0xffff_8000_0000_0000L;

    private X86Info() {}
}
