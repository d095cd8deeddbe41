package org.ptdesc.runtime.roots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.image.ImageNotes;

/** Root selection from CPU notes and VMCOREINFO, by the register names the tree declares. */
class RootFinderTest {

    static TreeInfo tree(String name, int addressBits, int entryBytes, List<TreeInfo.RootInfo> roots, int... shifts) {
        List<TreeInfo.LevelInfo> levels = java.util.Arrays.stream(shifts).mapToObj(s -> new TreeInfo.LevelInfo("L" + s, s, 9, "")).toList();
        return new TreeInfo(name, "", name + ".ptdesc", addressBits, entryBytes, roots, levels, List.of());
    }

    static final TreeInfo X86 = tree("x86_64", 48, 8, List.of(new TreeInfo.RootInfo("cr3", 0, -1L, "")), 39, 30, 21, 12);
    static final TreeInfo ARM = tree("aarch64_4k", 48, 8, List.of(
            new TreeInfo.RootInfo("ttbr0_el1", 0, 0x0000_ffff_ffff_ffffL, ""),
            new TreeInfo.RootInfo("ttbr1_el1", 0xffff_0000_0000_0000L, -1L, "")), 39, 30, 21, 12);

    static CpuState cpu(int i, Map<String, Long> regs) {
        return new CpuState(i, "QEMU note of CPU " + i, regs);
    }

    @Test
    void theFirstCpuWithTheRegisterGivesTheRoot() {
        var notes = new ImageNotes(List.of(cpu(0, Map.of("cr0", 0x80050033L, "cr3", 0x636e000L, "cr4", 0x6f0L))), Map.of());
        var found = assertInstanceOf(RootFinding.Found.class, RootFinder.find(X86, notes, OptionalInt.empty()));
        assertArrayEquals(new long[] {0x636e000L}, found.roots().registers());
        assertTrue(found.summary().contains("cr3=0x636e000 from CPU 0"), found.summary());
    }

    @Test
    void aCpuWithPagingOffIsPassedOverAndCpuPicksOne() {
        var notes = new ImageNotes(List.of(
                cpu(0, Map.of("cr0", 0x10L, "cr3", 0L)),
                cpu(1, Map.of("cr0", 0x80050033L, "cr3", 0x1234000L))), Map.of());
        var found = assertInstanceOf(RootFinding.Found.class, RootFinder.find(X86, notes, OptionalInt.empty()));
        assertArrayEquals(new long[] {0x1234000L}, found.roots().registers());
        assertTrue(found.summary().contains("--cpu N picks another"), found.summary());
        var off = assertInstanceOf(RootFinding.Missing.class, RootFinder.find(X86, notes, OptionalInt.of(0)));
        assertTrue(off.reason().contains("paging off"), off.reason());
        var none = assertInstanceOf(RootFinding.Missing.class, RootFinder.find(X86, notes, OptionalInt.of(7)));
        assertTrue(none.reason().contains("no CPU 7") && none.reason().contains("0, 1"), none.reason());
    }

    @Test
    void twoRootsNeedBothRegistersFromOneCpu() {
        var notes = new ImageNotes(List.of(cpu(0, Map.of("ttbr0_el1", 0x431d7000L, "ttbr1_el1", 0x46000041853000L))), Map.of());
        var found = assertInstanceOf(RootFinding.Found.class, RootFinder.find(ARM, notes, OptionalInt.empty()));
        assertArrayEquals(new long[] {0x431d7000L, 0x46000041853000L}, found.roots().registers());
        assertTrue(found.roots().complete());
        var half = new ImageNotes(List.of(cpu(0, Map.of("ttbr1_el1", 1L))), Map.of());
        var missing = assertInstanceOf(RootFinding.Missing.class, RootFinder.find(ARM, half, OptionalInt.empty()));
        assertTrue(missing.reason().contains("has no ttbr0_el1"), missing.reason());
    }

    @Test
    void vmcoreinfoGivesTheKernelRootWhenNoCpuHasIt() {
        var notes = new ImageNotes(List.of(cpu(0, Map.of("rip", 1L))),
                Map.of("SYMBOL(init_top_pgt)", "ffffffff82a0a000", "NUMBER(phys_base)", "0"));
        var found = assertInstanceOf(RootFinding.Found.class, RootFinder.find(X86, notes, OptionalInt.empty()));
        assertArrayEquals(new long[] {0x2a0a000L}, found.roots().registers());
        assertTrue(found.summary().contains("VMCOREINFO"), found.summary());
    }

    @Test
    void anArm64VmcoreGivesOnlyTtbr1AndTheLowHalfIsNotWalked() {
        var notes = new ImageNotes(List.of(), Map.of("SYMBOL(swapper_pg_dir)", "ffff80000a0d3000",
                "NUMBER(kimage_voffset)", "0xffff7fffc8000000"));
        var found = assertInstanceOf(RootFinding.Found.class, RootFinder.find(ARM, notes, OptionalInt.empty()));
        RootSet set = found.roots();
        assertFalse(set.complete());
        assertEquals(0x420d3000L, set.registers()[1]);
        List<long[]> parts = set.walkable(0, -1L);
        assertEquals(1, parts.size());
        assertArrayEquals(new long[] {0xffff_0000_0000_0000L, -1L}, parts.getFirst());
        assertEquals("ttbr0_el1", set.missingFor(0x400000L).orElseThrow().register());
        assertTrue(set.missingFor(0xffff_8000_0000_0000L).isEmpty());
    }

    @Test
    void nothingGivesAReasonNamingWhatWasLookedFor() {
        var m = assertInstanceOf(RootFinding.Missing.class, RootFinder.find(X86, ImageNotes.NONE, OptionalInt.empty()));
        assertTrue(m.reason().contains("cr3") && m.reason().contains("no CPU registers") && m.reason().contains("no VMCOREINFO"),
                m.reason());
        var wrongArch = new ImageNotes(List.of(), Map.of("SYMBOL(swapper_pg_dir)", "ffff80000a0d3000",
                "NUMBER(kimage_voffset)", "0xffff7fffc8000000"));
        var w = assertInstanceOf(RootFinding.Missing.class, RootFinder.find(X86, wrongArch, OptionalInt.empty()));
        assertTrue(w.reason().contains("arm64") && w.reason().contains("needs cr3"), w.reason());
    }
}
