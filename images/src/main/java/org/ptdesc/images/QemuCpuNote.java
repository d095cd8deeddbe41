package org.ptdesc.images;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ptdesc.runtime.image.CpuState;

/**
 * The registers in QEMU's x86 {@code QEMU} note, the {@code QEMUCPUState} of QEMU's
 * {@code target/i386/arch_dump.c}: {@code version} (1) and {@code size}, sixteen general
 * registers, {@code rip} and {@code rflags}, ten 24-byte segment descriptors, then
 * {@code cr[5]} at offset 392 (and, when {@code size} says so, {@code kernel_gs_base} at 432).
 * Only the registers a walk or a reader needs are kept: the control registers, {@code rip},
 * {@code rsp} and {@code rflags}. QEMU writes no EFER into this note.
 *
 * <p>The runtime's ELF core reader parses the same note; the two should become one.
 */
final class QemuCpuNote {

    private static final int VERSION = 1;
    private static final int CR_AT = 392;
    private static final int MIN_SIZE = CR_AT + 5 * 8;

    private QemuCpuNote() {}

    /** The CPU state in {@code descriptor}, or null when it is not a version-1 {@code QEMUCPUState}. */
    static CpuState parse(byte[] descriptor, ByteOrder order, int index) {
        if (descriptor.length < MIN_SIZE) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(descriptor).order(order);
        long size = Integer.toUnsignedLong(b.getInt(4));
        if (b.getInt(0) != VERSION || size < MIN_SIZE || size > descriptor.length) {
            return null;
        }
        Map<String, Long> registers = new LinkedHashMap<>();
        registers.put("rsp", b.getLong(8 + 6 * 8));
        registers.put("rip", b.getLong(136));
        registers.put("rflags", b.getLong(144));
        registers.put("cr0", b.getLong(CR_AT));
        registers.put("cr2", b.getLong(CR_AT + 16));
        registers.put("cr3", b.getLong(CR_AT + 24));
        registers.put("cr4", b.getLong(CR_AT + 32));
        return new CpuState(index, "QEMU note of CPU " + index, registers);
    }
}
