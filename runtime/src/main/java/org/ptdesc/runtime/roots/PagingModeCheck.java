package org.ptdesc.runtime.roots;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.image.ImageNotes;

/**
 * Compares the paging mode a CPU's registers (or a kernel's VMCOREINFO) say was in use with the
 * mode a descriptor walks, and names the shipped descriptor that fits when they differ: a
 * 4-level walk of a CR4.LA57 image, or a 32-bit walk of a PAE one, reads garbage without any
 * fault to show it. The descriptor's mode is read from its shape (root register, address
 * bits, entry size, page size), so a user's own descriptor of the same shape is checked too.
 * Registers a note does not carry are not guessed: no warning is better than a wrong one.
 */
public final class PagingModeCheck {

    private PagingModeCheck() {}

    /** Warnings for walking {@code tree} over an image with these notes and this CPU; empty when they agree. */
    public static List<String> check(TreeInfo tree, ImageNotes notes, Optional<CpuState> cpu) {
        List<String> out = new ArrayList<>();
        String roots = tree.roots().isEmpty() ? "" : tree.roots().getFirst().register();
        cpu.ifPresent(c -> {
            switch (roots) {
                case "cr3" -> x86(tree, c.registers(), notes.longMode(), "CPU " + c.index()).ifPresent(out::add);
                case "satp" -> riscv(tree, c.registers(), "CPU " + c.index()).ifPresent(out::add);
                case "ttbr0_el1", "ttbr1_el1" -> aarch64(tree, c.registers(), "CPU " + c.index()).ifPresent(out::add);
                default -> { }
            }
        });
        String l5 = notes.vmcoreinfo().get("NUMBER(pgtable_l5_enabled)");
        if (roots.equals("cr3") && l5 != null) {
            boolean five = l5.strip().equals("1");
            String fits = five ? "x86_64_la57" : "x86_64";
            if (!fits.equals(x86Kind(tree))) {
                out.add("the kernel's VMCOREINFO says " + (five ? "5-level" : "4-level") + " paging"
                        + " (NUMBER(pgtable_l5_enabled)=" + l5.strip() + "); tree " + tree.name() + " walks "
                        + describe(x86Kind(tree)) + "; use " + fits + ".ptdesc");
            }
        }
        return out;
    }

    /** Which x86 mode the tree walks, as the shipped descriptor's name, or "" for another shape. */
    static String x86Kind(TreeInfo tree) {
        return switch (tree.addressBits()) {
            case 57 -> "x86_64_la57";
            case 48 -> "x86_64";
            case 32 -> tree.entryBytes() == 8 ? "x86_pae" : "x86_32";
            default -> "";
        };
    }

    /**
     * x86 (Intel SDM Vol. 3A, 4.1.1 and Table 4-1): CR0.PG (bit 31) enables paging; CR4.PAE
     * (bit 5) selects 64-bit entries; IA32_EFER.LMA (bit 10) selects 4- or 5-level paging, of
     * which CR4.LA57 (bit 12) selects 5-level. Without EFER (QEMU's note has none), the ELF
     * core's machine stands in for EFER.LMA when the image has one ({@link ImageNotes#longMode});
     * without either, a PAE image is either PAE or 4-level, and neither is flagged.
     */
    private static Optional<String> x86(TreeInfo tree, Map<String, Long> regs, Optional<Boolean> longMode, String who) {
        Long cr0 = regs.get("cr0");
        Long cr4 = regs.get("cr4");
        Long efer = regs.get("efer");
        String kind = x86Kind(tree);
        if (cr0 == null || cr4 == null || kind.isEmpty()) {
            return Optional.empty();
        }
        if ((cr0 & (1L << 31)) == 0) {
            return Optional.of(who + " has paging off (CR0.PG = 0); its CR3 is not a page-table root");
        }
        boolean pae = (cr4 & (1L << 5)) != 0;
        boolean la57 = (cr4 & (1L << 12)) != 0;
        String regsText = "cr4=" + KernelRoots.hex(cr4) + (efer != null ? ", efer=" + KernelRoots.hex(efer) : "");
        String fits;
        if (la57) {
            fits = "x86_64_la57";
        } else if (!pae) {
            fits = "x86_32";
        } else if (efer != null) {
            fits = (efer & (1L << 10)) != 0 ? "x86_64" : "x86_pae";
        } else if (longMode.isPresent()) {
            fits = longMode.get() ? "x86_64" : "x86_pae";
            regsText += ", the core's e_machine " + (longMode.get() ? "x86-64" : "i386");
        } else {
            fits = kind.equals("x86_64") || kind.equals("x86_pae") ? kind : "x86_64 or x86_pae";
        }
        if (fits.equals(kind)) {
            return Optional.empty();
        }
        return Optional.of(who + "'s registers say " + describe(fits) + " (" + regsText + "); tree " + tree.name()
                + " walks " + describe(kind) + "; use " + fits.replace(" or ", ".ptdesc or ") + ".ptdesc");
    }

    private static String describe(String kind) {
        return switch (kind) {
            case "x86_64_la57" -> "5-level paging (CR4.LA57 = 1)";
            case "x86_64" -> "4-level paging";
            case "x86_pae" -> "PAE paging";
            case "x86_32" -> "32-bit paging without PAE";
            case "x86_64 or x86_pae" -> "PAE or 4-level paging";
            default -> kind;
        };
    }

    /**
     * RISC-V (privileged spec, satp): on RV64 MODE is bits 63:60, 8 = Sv39, 9 = Sv48,
     * 10 = Sv57, 0 = no translation; on RV32 MODE is bit 31 (1 = Sv32).
     */
    private static Optional<String> riscv(TreeInfo tree, Map<String, Long> regs, String who) {
        Long satp = regs.get("satp");
        if (satp == null) {
            return Optional.empty();
        }
        int treeBits = tree.addressBits();
        long mode = satp >>> 60;
        String fits;
        if (treeBits == 32) {
            if ((satp >>> 32) == 0) {
                return (satp & (1L << 31)) != 0 ? Optional.empty()
                        : Optional.of(who + "'s satp=" + KernelRoots.hex(satp) + " has MODE Bare: no translation");
            }
            fits = mode == 8 ? "riscv_sv39" : mode == 9 ? "riscv_sv48" : mode == 10 ? "riscv_sv57" : "";
        } else {
            int bits = mode == 8 ? 39 : mode == 9 ? 48 : mode == 10 ? 57 : 0;
            if (bits == treeBits) {
                return Optional.empty();
            }
            if (mode == 0) {
                return Optional.of(who + "'s satp=" + KernelRoots.hex(satp) + " has MODE Bare: no translation");
            }
            fits = bits == 0 ? "" : "riscv_sv" + bits;
        }
        return Optional.of(who + "'s satp=" + KernelRoots.hex(satp) + " says MODE " + mode + "; tree " + tree.name()
                + " walks " + treeBits + "-bit addresses" + (fits.isEmpty() ? "" : "; use " + fits + ".ptdesc"));
    }

    /**
     * AArch64 (Arm ARM, TCR_EL1): TG0 (bits 15:14: 00 4 KiB, 01 64 KiB, 10 16 KiB), TG1
     * (bits 31:30: 01 16 KiB, 10 4 KiB, 11 64 KiB), T0SZ (bits 5:0) and T1SZ (bits 21:16), the
     * region being 2^(64 - TnSZ) bytes. The tree's granule is its last level's page size.
     */
    private static Optional<String> aarch64(TreeInfo tree, Map<String, Long> regs, String who) {
        Long tcr = regs.get("tcr_el1");
        if (tcr == null || tree.levels().isEmpty()) {
            return Optional.empty();
        }
        int treeGranule = tree.levels().getLast().shift();
        int tg0 = switch ((int) ((tcr >>> 14) & 3)) {
            case 0 -> 12;
            case 1 -> 16;
            case 2 -> 14;
            default -> 0;
        };
        int tg1 = switch ((int) ((tcr >>> 30) & 3)) {
            case 1 -> 14;
            case 2 -> 12;
            case 3 -> 16;
            default -> 0;
        };
        int t0sz = (int) (tcr & 0x3f);
        int t1sz = (int) ((tcr >>> 16) & 0x3f);
        List<String> diffs = new ArrayList<>();
        if (tg0 != 0 && tg0 != treeGranule || tg1 != 0 && tg1 != treeGranule) {
            diffs.add("granule " + kib(tg0) + " (TTBR0) / " + kib(tg1) + " (TTBR1) against the tree's " + kib(treeGranule));
        }
        if (64 - t0sz != tree.addressBits() || 64 - t1sz != tree.addressBits()) {
            diffs.add((64 - t0sz) + "/" + (64 - t1sz) + "-bit regions (T0SZ=" + t0sz + ", T1SZ=" + t1sz
                    + ") against the tree's " + tree.addressBits() + " bits");
        }
        if (diffs.isEmpty()) {
            return Optional.empty();
        }
        String fits = tg1 != 0 && 64 - t1sz == 48 ? "; use aarch64_" + kib(tg1).replace(" KiB", "k") + ".ptdesc" : "";
        return Optional.of(who + "'s tcr_el1=" + KernelRoots.hex(tcr) + " says " + String.join(" and ", diffs) + fits);
    }

    private static String kib(int shift) {
        return shift == 0 ? "reserved" : (1 << (shift - 10)) + " KiB";
    }
}
