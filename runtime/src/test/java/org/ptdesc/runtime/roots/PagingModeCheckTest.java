package org.ptdesc.runtime.roots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.image.ImageNotes;

/** Paging-mode warnings, with register bits set by hand from the manuals' layouts. */
class PagingModeCheckTest {
    static final TreeInfo X86_64 = RootFinderTest.X86;
    static final TreeInfo LA57 = RootFinderTest.tree("x86_64_la57", 57, 8, X86_64.roots(), 48, 39, 30, 21, 12);
    static final TreeInfo X86_32 = RootFinderTest.tree("x86_32", 32, 4, X86_64.roots(), 22, 12);
    static final TreeInfo PAE = RootFinderTest.tree("x86_pae", 32, 8, X86_64.roots(), 30, 21, 12);

    static List<String> check(TreeInfo tree, Map<String, Long> regs) {
        return PagingModeCheck.check(tree, ImageNotes.NONE, Optional.of(new CpuState(0, "test", regs)));
    }

    @Test
    void la57AgainstAFourLevelDescriptorNamesTheFiveLevelOne() {
        // CR4 = PAE (bit 5) | LA57 (bit 12); EFER.LMA (bit 10).
        List<String> w = check(X86_64, Map.of("cr0", 0x80050033L, "cr4", 0x1020L, "efer", 0x500L));
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.getFirst().contains("x86_64_la57.ptdesc"), w.getFirst());
        assertEquals(List.of(), check(LA57, Map.of("cr0", 0x80050033L, "cr4", 0x1020L, "efer", 0x500L)));
    }

    @Test
    void paeAgainstA32BitDescriptorNamesPae() {
        List<String> withEfer = check(X86_32, Map.of("cr0", 0x80000011L, "cr4", 0x20L, "efer", 0L));
        assertTrue(withEfer.getFirst().contains("use x86_pae.ptdesc"), withEfer.toString());
        // Without EFER (QEMU's note has none), PAE or 4-level: both named, neither assumed.
        List<String> noEfer = check(X86_32, Map.of("cr0", 0x80000011L, "cr4", 0x20L));
        assertTrue(noEfer.getFirst().contains("x86_64.ptdesc or x86_pae.ptdesc"), noEfer.toString());
        assertEquals(List.of(), check(PAE, Map.of("cr0", 0x80000011L, "cr4", 0x20L)));
        assertEquals(List.of(), check(X86_32, Map.of("cr0", 0x80000011L, "cr4", 0x10L)));
    }

    @Test
    void anX86CoresMachineTellsPaeFromFourLevelWithoutEfer() {
        // QEMU's note has no EFER; its core's e_machine says whether the first CPU had EFER.LMA set.
        Map<String, Long> regs = Map.of("cr0", 0x80050033L, "cr4", 0x6f0L); // PG; PAE (bit 5), no LA57
        ImageNotes longMode = new ImageNotes(List.of(), Map.of(), Optional.of(true));
        ImageNotes legacy = new ImageNotes(List.of(), Map.of(), Optional.of(false));
        Optional<CpuState> cpu = Optional.of(new CpuState(0, "test", regs));
        List<String> paeOnLongMode = PagingModeCheck.check(PAE, longMode, cpu);
        assertEquals(1, paeOnLongMode.size(), paeOnLongMode.toString());
        assertTrue(paeOnLongMode.getFirst().contains("4-level paging") && paeOnLongMode.getFirst().contains("use x86_64.ptdesc"),
                paeOnLongMode.getFirst());
        List<String> fourLevelOnPae = PagingModeCheck.check(X86_64, legacy, cpu);
        assertEquals(1, fourLevelOnPae.size(), fourLevelOnPae.toString());
        assertTrue(fourLevelOnPae.getFirst().contains("PAE paging") && fourLevelOnPae.getFirst().contains("use x86_pae.ptdesc"),
                fourLevelOnPae.getFirst());
        assertTrue(PagingModeCheck.check(X86_32, legacy, cpu).getFirst().contains("use x86_pae.ptdesc"));
        assertEquals(List.of(), PagingModeCheck.check(X86_64, longMode, cpu));
        assertEquals(List.of(), PagingModeCheck.check(PAE, legacy, cpu));
    }

    @Test
    void theCorpusRegistersAgreeWithTheirDescriptors() {
        // x86_64-4l-nokaslr-user/root.txt: cr0=0x80050033 cr4=0x6f0 efer=0xd01.
        assertEquals(List.of(), check(X86_64, Map.of("cr0", 0x80050033L, "cr4", 0x6f0L, "efer", 0xd01L)));
        // arm64-4k48-nokaslr-kernel/root.txt: tcr_el1=0x500074b5503510: TG0=00 (4 KiB), TG1=10 (4 KiB), T0SZ=T1SZ=16.
        assertEquals(List.of(), check(RootFinderTest.ARM, Map.of("tcr_el1", 0x500074b5503510L)));
        TreeInfo arm16k = RootFinderTest.tree("aarch64_16k", 48, 8, RootFinderTest.ARM.roots(), 47, 36, 25, 14);
        List<String> w = check(arm16k, Map.of("tcr_el1", 0x500074b5503510L));
        assertTrue(w.getFirst().contains("use aarch64_4k.ptdesc"), w.toString());
    }

    @Test
    void riscvSatpModeAgainstTheTreesAddressBits() {
        TreeInfo sv39 = RootFinderTest.tree("riscv_sv39", 39, 8, List.of(new TreeInfo.RootInfo("satp", 0, -1L, "")), 30, 21, 12);
        assertEquals(List.of(), check(sv39, Map.of("satp", 0x8000000000080200L)));
        List<String> w = check(sv39, Map.of("satp", 0x9000000000080200L));
        assertTrue(w.getFirst().contains("use riscv_sv48.ptdesc"), w.toString());
    }

    @Test
    void vmcoreinfoFiveLevelFlagIsChecked() {
        var notes = new ImageNotes(List.of(), Map.of("NUMBER(pgtable_l5_enabled)", "1"));
        List<String> w = PagingModeCheck.check(X86_64, notes, Optional.empty());
        assertTrue(w.getFirst().contains("use x86_64_la57.ptdesc"), w.toString());
    }
}
