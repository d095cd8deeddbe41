package org.ptdesc.runtime.image;

import java.util.List;
import java.util.Map;

/**
 * What an image says about the machine it was taken from, besides its memory: the registers
 * of each CPU (QEMU's {@code QEMU} ELF notes, {@code NT_PRSTATUS}) and the kernel's VMCOREINFO
 * text as key/value pairs ({@code SYMBOL(swapper_pg_dir)=...}, {@code NUMBER(phys_base)=...}
 * ...; keys exactly as written, values as text).
 *
 * @param cpus one entry per CPU, in the order the image lists them
 * @param vmcoreinfo the VMCOREINFO pairs, in file order; empty when the image has none
 */
public record ImageNotes(List<CpuState> cpus, Map<String, String> vmcoreinfo) {

    /** An image without notes. */
    public static final ImageNotes NONE = new ImageNotes(List.of(), Map.of());

    public ImageNotes {
        cpus = List.copyOf(cpus);
        vmcoreinfo = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vmcoreinfo));
    }
}
