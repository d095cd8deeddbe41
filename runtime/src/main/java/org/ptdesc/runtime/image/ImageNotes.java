package org.ptdesc.runtime.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an image says about the machine it was taken from, besides its memory: the registers
 * of each CPU (QEMU's {@code QEMU} ELF notes, {@code NT_PRSTATUS}) and the kernel's VMCOREINFO
 * text as key/value pairs ({@code SYMBOL(swapper_pg_dir)=...}, {@code NUMBER(phys_base)=...}
 * ...; keys exactly as written, values as text).
 *
 * @param cpus one entry per CPU, in the order the image lists them
 * @param vmcoreinfo the VMCOREINFO pairs, in file order; empty when the image has none
 * @param longMode for an x86 ELF core, whether its {@code e_machine} is x86-64 rather than
 *     i386: QEMU's {@code dump-guest-memory} writes {@code EM_X86_64} exactly when the first
 *     CPU has EFER.LMA set (target/i386/arch_dump.c), and a kernel's own core names its
 *     architecture; this is what tells PAE from 4-level paging when no note carries EFER.
 *     Empty for other images (a kdump file's header names QEMU's target, not the CPU's mode)
 */
public record ImageNotes(List<CpuState> cpus, Map<String, String> vmcoreinfo, Optional<Boolean> longMode) {

    /** An image without notes. */
    public static final ImageNotes NONE = new ImageNotes(List.of(), Map.of());

    public ImageNotes {
        cpus = List.copyOf(cpus);
        vmcoreinfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vmcoreinfo));
        java.util.Objects.requireNonNull(longMode);
    }

    /** Notes that say nothing about x86 long mode. */
    public ImageNotes(List<CpuState> cpus, Map<String, String> vmcoreinfo) {
        this(cpus, vmcoreinfo, Optional.empty());
    }

    /** These notes with what an x86 core's machine says about long mode. */
    public ImageNotes withLongMode(boolean lma) {
        return new ImageNotes(cpus, vmcoreinfo, Optional.of(lma));
    }
}
