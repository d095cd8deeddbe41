package org.ptdesc.runtime.image;

import java.util.Map;

/**
 * The registers one CPU's note gives, by lower-case architectural name as descriptors name their
 * roots ({@code cr0}, {@code cr3}, {@code cr4}, {@code efer} for x86; {@code ttbr0_el1},
 * {@code ttbr1_el1}, {@code tcr_el1} for AArch64; {@code satp} for RISC-V), with where they came
 * from.
 *
 * @param index the CPU's position among the image's CPUs, from 0
 * @param source where the values were read, for messages (e.g. {@code QEMU note of CPU 0})
 * @param registers register values by lower-case name
 */
public record CpuState(int index, String source, Map<String, Long> registers) {

    public CpuState {
        registers = Map.copyOf(registers);
    }
}
