package org.ptdesc.runtime.roots;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's own top-level table, from a Linux vmcore's VMCOREINFO: the symbol of the kernel's
 * page directory, turned into a physical address with the kernel's physical offset, and into
 * the register value the hardware would hold, per architecture. Each formula cites where the
 * kernel defines it; every symbol and number used is listed in {@link KernelRoot#derivation}.
 */
public final class KernelRoots {

    /** x86-64 {@code __START_KERNEL_map} (arch/x86/include/asm/page_64_types.h). */
    static final long START_KERNEL_MAP = 0xffff_ffff_8000_0000L;

    private KernelRoots() {}

    /**
     * What VMCOREINFO says about the kernel's root.
     *
     * @param architecture the kernel's architecture, as the keys show it
     * @param registers register name to raw value, for the roots VMCOREINFO determines
     * @param derivation the formula with the values used, one line per register
     * @param unknown registers of that architecture that VMCOREINFO cannot give, with why
     */
    public record KernelRoot(String architecture, Map<String, Long> registers, List<String> derivation,
            Map<String, String> unknown) {
        public KernelRoot {
            registers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(registers));
            derivation = List.copyOf(derivation);
            unknown = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(unknown));
        }
    }

    /**
     * The kernel's root from {@code vmcoreinfo}, or empty when it names no page directory this
     * class knows how to place (no VMCOREINFO, or an architecture not handled here).
     *
     * @throws IllegalArgumentException when a value it needs is present but not a number
     */
    public static Optional<KernelRoot> derive(Map<String, String> vmcoreinfo) {
        VmcoreInfo info = new VmcoreInfo(vmcoreinfo);
        if (info.has("SYMBOL(init_top_pgt)") || info.has("SYMBOL(init_level4_pgt)")) {
            return Optional.of(x86_64(info));
        }
        if (info.has("NUMBER(kimage_voffset)") && info.has("SYMBOL(swapper_pg_dir)")) {
            return Optional.of(arm64(info));
        }
        if (info.has("NUMBER(va_kernel_pa_offset)") && info.has("SYMBOL(swapper_pg_dir)")) {
            return Optional.of(riscv64(info));
        }
        return Optional.empty();
    }

    /**
     * x86-64: CR3 = {@code __pa_symbol(init_top_pgt)} = symbol - {@code __START_KERNEL_map} +
     * {@code phys_base} (arch/x86/include/asm/page_64.h, {@code __phys_addr_symbol}); the kernel
     * exports {@code SYMBOL(init_top_pgt)} and {@code NUMBER(phys_base)} in
     * arch/x86/kernel/crash_core_64.c ({@code init_level4_pgt} before Linux 4.13). With 5-level
     * paging ({@code NUMBER(pgtable_l5_enabled)=1}) the same table is the PML5.
     */
    private static KernelRoot x86_64(VmcoreInfo info) {
        String symbol = info.has("SYMBOL(init_top_pgt)") ? "init_top_pgt" : "init_level4_pgt";
        long va = info.symbol(symbol).orElseThrow();
        OptionalLong physBase = info.number("phys_base");
        long base = physBase.orElse(0);
        long cr3 = va - START_KERNEL_MAP + base;
        String line = "cr3 = SYMBOL(" + symbol + ") " + hex(va) + " - __START_KERNEL_map " + hex(START_KERNEL_MAP)
                + " + NUMBER(phys_base) " + hex(base) + (physBase.isEmpty() ? " (absent, taken as 0)" : "")
                + " = " + hex(cr3);
        return new KernelRoot("x86_64", Map.of("cr3", cr3), List.of(line), Map.of());
    }

    /**
     * arm64: TTBR1_EL1 = {@code phys_to_ttbr(__pa_symbol(swapper_pg_dir))}, with
     * {@code __pa_symbol(x)} = x - {@code kimage_voffset} ({@code __kimg_to_phys},
     * arch/arm64/include/asm/memory.h; exported as {@code NUMBER(kimage_voffset)=0x%llx} in
     * arch/arm64/kernel/crash_core.c). {@code phys_to_ttbr} (arch/arm64/include/asm/pgtable.h)
     * moves address bits 51:48 to TTBR bits 5:2 for 52-bit physical addresses and is the
     * identity below 2^48. TTBR0_EL1 holds a process's (or the empty reserved) table, which
     * VMCOREINFO does not name: it stays without a value and its range is not walked.
     */
    private static KernelRoot arm64(VmcoreInfo info) {
        long va = info.symbol("swapper_pg_dir").orElseThrow();
        long voffset = info.number("kimage_voffset").orElseThrow();
        long pa = va - voffset;
        long ttbr = (pa | (pa >>> 46)) & 0x0000_ffff_ffff_fffcL;
        String line = "ttbr1_el1 = SYMBOL(swapper_pg_dir) " + hex(va) + " - NUMBER(kimage_voffset) " + hex(voffset)
                + " = " + hex(pa) + (ttbr != pa ? " (as TTBR: " + hex(ttbr) + ")" : "");
        return new KernelRoot("arm64", Map.of("ttbr1_el1", ttbr), List.of(line),
                Map.of("ttbr0_el1", "VMCOREINFO names only the kernel's table (TTBR1); TTBR0 belongs to a process"));
    }

    /**
     * riscv64: satp = (MODE << 60) | {@code PFN_DOWN(__pa_symbol(swapper_pg_dir))}, as
     * arch/riscv/mm/init.c writes it; {@code __pa_symbol(x)} = x -
     * {@code kernel_map.va_kernel_pa_offset} (arch/riscv/include/asm/page.h,
     * {@code kernel_mapping_va_to_pa}; exported as {@code NUMBER(va_kernel_pa_offset)=0x%lx} in
     * arch/riscv/kernel/crash_core.c, later vmcore_info.c). MODE is 8, 9 or 10 for Sv39, Sv48,
     * Sv57 (RISC-V privileged spec, satp), chosen from {@code NUMBER(VA_BITS)}; without it MODE
     * is left 0, which the shipped descriptors' root expressions ignore.
     */
    private static KernelRoot riscv64(VmcoreInfo info) {
        long va = info.symbol("swapper_pg_dir").orElseThrow();
        long offset = info.number("va_kernel_pa_offset").orElseThrow();
        long pa = va - offset;
        OptionalLong vaBits = info.number("VA_BITS");
        long mode = vaBits.isEmpty() ? 0 : switch ((int) vaBits.getAsLong()) {
            case 39 -> 8;
            case 48 -> 9;
            case 57 -> 10;
            default -> 0;
        };
        long satp = (mode << 60) | (pa >>> 12);
        List<String> lines = new ArrayList<>();
        lines.add("satp = MODE " + mode + " << 60 | (SYMBOL(swapper_pg_dir) " + hex(va) + " - NUMBER(va_kernel_pa_offset) "
                + hex(offset) + " = " + hex(pa) + ") >> 12 = " + hex(satp));
        lines.add(vaBits.isEmpty() ? "MODE: NUMBER(VA_BITS) absent, left 0"
                : "MODE from NUMBER(VA_BITS) " + vaBits.getAsLong() + (mode == 0 ? " (not 39, 48 or 57: left 0)" : ""));
        return new KernelRoot("riscv64", Map.of("satp", satp), lines, Map.of());
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
