package org.ptdesc.runtime.image;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the notes of an ELF core into {@link ImageNotes}. A note is {@code namesz}, {@code
 * descsz}, {@code type} (32-bit words in the file's byte order), then the name and the
 * descriptor, each padded to 4 bytes (the gABI's note section, as Linux and QEMU write it in 32-
 * and 64-bit cores alike).
 *
 * <ul>
 *   <li>{@code QEMU} (type 0), written by QEMU's {@code dump-guest-memory} for x86 guests: a
 *       QEMUCPUState ({@code target/i386/arch_dump.c}): {@code version}, {@code size}, 18
 *       general registers ({@code rax}..{@code r15}, {@code rip}, {@code rflags}), 10 segment
 *       descriptors of 24 bytes, then {@code cr[5]} at byte 392, so {@code cr0} at 392,
 *       {@code cr2} at 408, {@code cr3} at 416, {@code cr4} at 424; the same layout in 32-bit
 *       cores. It has no EFER, so none is reported.</li>
 *   <li>{@code CORE}/{@code NT_PRSTATUS} (type 1), Linux's {@code struct elf_prstatus}: the
 *       registers {@code pr_reg} start at byte 112 (64-bit) or 72 (i386); the program counter
 *       and stack pointer are reported, named as the architecture names them.</li>
 *   <li>{@code VMCOREINFO}: lines of {@code KEY=VALUE} text (at most 1 MiB of it is read).</li>
 * </ul>
 *
 * <p>The i-th {@code NT_PRSTATUS} and the i-th {@code QEMU} note describe CPU i (QEMU writes
 * them in that order, CPU after CPU). A note that does not fit its segment is an error; a note
 * too short for the registers it should hold is ignored, as are unknown notes.
 */
final class ElfNotes {

    /** A {@code PT_NOTE} segment: its program header, file offset and size (inside the file). */
    record Segment(int header, long offset, long size) {}

    private static final int NT_PRSTATUS = 1;
    private static final int MAX_VMCOREINFO = 1 << 20;
    private static final int MAX_CPUS = 1 << 16;

    private final MemorySegment data;
    private final String name;
    private final ByteOrder order;
    private final int bits;
    private final int machine;
    private final List<Map<String, Long>> prstatus = new ArrayList<>();
    private final List<Map<String, Long>> qemu = new ArrayList<>();
    private final Map<String, String> vmcoreinfo = new LinkedHashMap<>();

    ElfNotes(MemorySegment data, String name, ByteOrder order, int bits, int machine) {
        this.data = data;
        this.name = name;
        this.order = order;
        this.bits = bits;
        this.machine = machine;
    }

    ImageNotes read(List<Segment> segments) throws ImageFormatException {
        for (Segment segment : segments) {
            read(segment);
        }
        List<CpuState> cpus = new ArrayList<>();
        for (int i = 0; i < Math.max(prstatus.size(), qemu.size()); i++) {
            Map<String, Long> registers = new LinkedHashMap<>();
            List<String> sources = new ArrayList<>();
            if (i < prstatus.size()) {
                registers.putAll(prstatus.get(i));
                sources.add("NT_PRSTATUS");
            }
            if (i < qemu.size()) {
                registers.putAll(qemu.get(i));
                sources.add("QEMU");
            }
            cpus.add(new CpuState(i, String.join(" and ", sources) + " note of CPU " + i, registers));
        }
        return new ImageNotes(cpus, vmcoreinfo);
    }

    private void read(Segment segment) throws ImageFormatException {
        long at = segment.offset();
        long end = segment.offset() + segment.size();
        int index = 0;
        while (end - at >= 12) {
            long namesz = u32(at);
            long descsz = u32(at + 4);
            long type = u32(at + 8);
            long nameAt = at + 12;
            long descAt = nameAt + pad(namesz);
            long next = descAt + pad(descsz);
            if (namesz > end - nameAt || pad(namesz) + pad(descsz) > end - nameAt) {
                throw new ImageFormatException(name, "note " + index + " of program header " + segment.header()
                        + " (PT_NOTE) extends past its segment (name " + namesz + " bytes, descriptor " + descsz
                        + " bytes)");
            }
            // Names this reader knows are short; a long one is no note it reads (and is not copied).
            note(namesz <= 64 ? string(nameAt, namesz) : "", type, descAt, descsz);
            at = next;
            index++;
        }
    }

    private void note(String noteName, long type, long at, long size) {
        if (noteName.equals("QEMU") && type == 0 && (machine == 62 || machine == 3) && size >= 432
                && qemu.size() < MAX_CPUS) {
            Map<String, Long> registers = new LinkedHashMap<>();
            registers.put("cr0", u64(at + 392));
            registers.put("cr2", u64(at + 408));
            registers.put("cr3", u64(at + 416));
            registers.put("cr4", u64(at + 424));
            qemu.add(registers);
        } else if (noteName.equals("CORE") && type == NT_PRSTATUS && prstatus.size() < MAX_CPUS) {
            Map<String, Long> registers = prstatusRegisters(at, size);
            if (registers != null) {
                prstatus.add(registers);
            }
        } else if (noteName.equals("VMCOREINFO")) {
            vmcoreinfo(at, Math.min(size, MAX_VMCOREINFO));
        }
    }

    /** pc and sp from {@code pr_reg} of {@code struct elf_prstatus}, by the core's machine. */
    private Map<String, Long> prstatusRegisters(long at, long size) {
        record Slots(int regs, int width, String pcName, int pc, String spName, int sp) {}
        Slots slots = switch (machine) {
            // x86-64 user_regs_struct: r15 .. orig_rax, rip (16), cs, eflags, rsp (19), ...
            case 62 -> bits == 64 ? new Slots(112, 8, "rip", 16, "rsp", 19) : null;
            // i386 user_regs_struct: ebx .. orig_eax, eip (12), cs, eflags, esp (15), ss
            case 3 -> bits == 32 ? new Slots(72, 4, "eip", 12, "esp", 15) : null;
            // AArch64 user_pt_regs: x0 .. x30, sp (31), pc (32), pstate
            case 183 -> bits == 64 ? new Slots(112, 8, "pc", 32, "sp", 31) : null;
            // RISC-V user_regs_struct: pc (0), ra, sp (2), ...
            case 243 -> bits == 64 ? new Slots(112, 8, "pc", 0, "sp", 2) : null;
            default -> null;
        };
        if (slots == null || size < slots.regs() + (long) (Math.max(slots.pc(), slots.sp()) + 1) * slots.width()) {
            return null;
        }
        Map<String, Long> registers = new LinkedHashMap<>();
        registers.put(slots.pcName(), word(at + slots.regs() + (long) slots.pc() * slots.width(), slots.width()));
        registers.put(slots.spName(), word(at + slots.regs() + (long) slots.sp() * slots.width(), slots.width()));
        return registers;
    }

    private void vmcoreinfo(long at, long size) {
        for (String line : string(at, size).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vmcoreinfo.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    private static long pad(long n) {
        return (n + 3) & ~3L;
    }

    /** Bytes as ISO-8859-1 text, without the trailing NULs. */
    private String string(long at, long size) {
        byte[] bytes = data.asSlice(at, size).toArray(ValueLayout.JAVA_BYTE);
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    private long u32(long at) {
        return Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), at));
    }

    private long u64(long at) {
        return data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), at);
    }

    private long word(long at, int width) {
        return width == 8 ? u64(at) : u32(at);
    }
}
