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
 * Reads an area of ELF notes into {@link ImageNotes}: the {@code PT_NOTE} segments of an ELF
 * core, or the note section a kdump-compressed file's sub header points at (QEMU copies its ELF
 * core's notes there). The one note parser of ptdesc; every image reader that finds notes calls
 * it. A note is {@code namesz}, {@code descsz}, {@code type} (32-bit words in the dumped
 * machine's byte order), then the name and the descriptor, each padded to 4 bytes (the gABI's
 * note section, as Linux and QEMU write it in 32- and 64-bit cores alike).
 *
 * <ul>
 *   <li>{@code QEMU} (type 0), written by QEMU's {@code dump-guest-memory} for x86 guests: a
 *       QEMUCPUState ({@code target/i386/arch_dump.c}): {@code version} (1), {@code size}, 16
 *       general registers ({@code rax}, {@code rbx}, {@code rcx}, {@code rdx}, {@code rsi},
 *       {@code rdi}, {@code rsp}, ...), {@code rip}, {@code rflags}, 10 segment descriptors of
 *       24 bytes, then {@code cr[5]} at byte 392, so {@code cr0} at 392, {@code cr2} at 408,
 *       {@code cr3} at 416, {@code cr4} at 424; the same layout in 32-bit cores. Reported:
 *       {@code rsp}, {@code rip}, {@code rflags} and the control registers. It has no EFER, so
 *       none is reported. A note of another version, or whose {@code size} does not cover the
 *       control registers, is ignored.</li>
 *   <li>{@code CORE}/{@code NT_PRSTATUS} (type 1), Linux's {@code struct elf_prstatus}: the
 *       registers {@code pr_reg} start at byte 112 (64-bit) or 72 (i386); the program counter
 *       and stack pointer are reported, named as the architecture names them.</li>
 *   <li>{@code VMCOREINFO}: lines of {@code KEY=VALUE} text (at most 1 MiB of it is read).</li>
 * </ul>
 *
 * <p>The i-th {@code NT_PRSTATUS} and the i-th {@code QEMU} note describe CPU i (QEMU writes
 * them in that order, CPU after CPU); where both name a register, {@code NT_PRSTATUS}'s value
 * is kept. A note that does not fit its area is an error; a note too short for the registers it
 * should hold is ignored, as are unknown notes.
 */
public final class NoteArea {

    /** {@code e_machine} of i386. */
    public static final int EM_386 = 3;
    /** {@code e_machine} of x86-64. */
    public static final int EM_X86_64 = 62;
    /** {@code e_machine} of AArch64. */
    public static final int EM_AARCH64 = 183;
    /** {@code e_machine} of RISC-V. */
    public static final int EM_RISCV = 243;

    /**
     * How the dumped machine lays out its notes: the byte order, the ELF class and the ELF
     * machine number ({@code e_machine}), which decide where the registers of
     * {@code NT_PRSTATUS} lie and whether a {@code QEMU} note is an x86 CPU state.
     *
     * @param order the byte order of every word in the notes
     * @param bits 32 or 64 (the ELF class)
     * @param machine {@code e_machine}, e.g. {@link #EM_X86_64}; 0 when unknown (then only the
     *     notes that do not depend on it, VMCOREINFO, are read)
     */
    public record Layout(ByteOrder order, int bits, int machine) {

        public Layout {
            if (bits != 32 && bits != 64) {
                throw new IllegalArgumentException("ELF class must be 32 or 64 bits, not " + bits);
            }
        }
    }

    /**
     * One stretch of notes and where it lies in its file, for messages.
     *
     * @param bytes the notes
     * @param where where they are, e.g. {@code program header 3 (PT_NOTE)}
     */
    record Part(MemorySegment bytes, String where) {}

    private static final int NT_PRSTATUS = 1;
    private static final int QEMU_CPU_STATE_VERSION = 1;
    private static final int QEMU_CR_AT = 392;
    private static final int MAX_VMCOREINFO = 1 << 20;
    private static final int MAX_CPUS = 1 << 16;

    private final String name;
    private final Layout layout;
    private final List<Map<String, Long>> prstatus = new ArrayList<>();
    private final List<Map<String, Long>> qemu = new ArrayList<>();
    private final Map<String, String> vmcoreinfo = new LinkedHashMap<>();

    private NoteArea(String name, Layout layout) {
        this.name = name;
        this.layout = layout;
    }

    /**
     * The CPU registers and VMCOREINFO in one area of notes.
     *
     * @param notes the notes' bytes (nothing outside it is read)
     * @param where where the area lies in the file, for messages (e.g. {@code the note section
     *     at file offset 0x1068})
     * @param layout the dumped machine's byte order, ELF class and machine
     * @param name the file, as the user named it, for messages
     * @throws ImageFormatException when a note extends past the end of the area
     */
    public static ImageNotes read(MemorySegment notes, String where, Layout layout, String name)
            throws ImageFormatException {
        return read(List.of(new Part(notes, where)), layout, name);
    }

    /** The notes of several areas, in order: CPU i is the i-th CPU note over all of them. */
    static ImageNotes read(List<Part> parts, Layout layout, String name) throws ImageFormatException {
        NoteArea reader = new NoteArea(name, layout);
        for (Part part : parts) {
            reader.walk(part);
        }
        return reader.notes();
    }

    /**
     * The {@code KEY=VALUE} lines of VMCOREINFO text, in order (the first of a repeated key is
     * kept; lines without {@code =} are skipped; trailing NULs are dropped; at most 1 MiB is read).
     * For kdump files, whose sub header may point at VMCOREINFO outside any note.
     */
    public static Map<String, String> vmcoreinfo(MemorySegment text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        putVmcoreinfo(string(text, 0, Math.min(text.byteSize(), MAX_VMCOREINFO)), pairs);
        return pairs;
    }

    private ImageNotes notes() {
        List<CpuState> cpus = new ArrayList<>();
        for (int i = 0; i < Math.max(prstatus.size(), qemu.size()); i++) {
            Map<String, Long> registers = new LinkedHashMap<>();
            List<String> sources = new ArrayList<>();
            if (i < prstatus.size()) {
                registers.putAll(prstatus.get(i));
                sources.add("NT_PRSTATUS");
            }
            if (i < qemu.size()) {
                qemu.get(i).forEach(registers::putIfAbsent);
                sources.add("QEMU");
            }
            cpus.add(new CpuState(i, String.join(" and ", sources) + " note of CPU " + i, registers));
        }
        return new ImageNotes(cpus, vmcoreinfo);
    }

    private void walk(Part part) throws ImageFormatException {
        MemorySegment data = part.bytes();
        long at = 0;
        long end = data.byteSize();
        int index = 0;
        while (end - at >= 12) {
            long namesz = u32(data, at);
            long descsz = u32(data, at + 4);
            long type = u32(data, at + 8);
            long nameAt = at + 12;
            long descAt = nameAt + pad(namesz);
            long next = descAt + pad(descsz);
            if (namesz > end - nameAt || pad(namesz) + pad(descsz) > end - nameAt) {
                throw new ImageFormatException(name, "note " + index + " of " + part.where()
                        + " extends past its segment (name " + namesz + " bytes, descriptor " + descsz + " bytes)");
            }
            // Names this reader knows are short; a long one is no note it reads (and is not copied).
            note(namesz <= 64 ? string(data, nameAt, namesz) : "", type, data.asSlice(descAt, descsz));
            at = next;
            index++;
        }
    }

    private void note(String noteName, long type, MemorySegment desc) {
        if (noteName.equals("QEMU") && type == 0 && x86() && qemu.size() < MAX_CPUS) {
            Map<String, Long> registers = qemuCpuState(desc);
            if (registers != null) {
                qemu.add(registers);
            }
        } else if (noteName.equals("CORE") && type == NT_PRSTATUS && prstatus.size() < MAX_CPUS) {
            Map<String, Long> registers = prstatusRegisters(desc);
            if (registers != null) {
                prstatus.add(registers);
            }
        } else if (noteName.equals("VMCOREINFO")) {
            putVmcoreinfo(string(desc, 0, Math.min(desc.byteSize(), MAX_VMCOREINFO)), vmcoreinfo);
        }
    }

    private boolean x86() {
        return layout.machine() == EM_X86_64 || layout.machine() == EM_386;
    }

    /** The registers of a version-1 QEMUCPUState, or null when it is not one. */
    private Map<String, Long> qemuCpuState(MemorySegment desc) {
        long minimum = QEMU_CR_AT + 5 * 8;
        if (desc.byteSize() < minimum || u32(desc, 0) != QEMU_CPU_STATE_VERSION) {
            return null;
        }
        long size = u32(desc, 4);
        if (size < minimum || size > desc.byteSize()) {
            return null;
        }
        Map<String, Long> registers = new LinkedHashMap<>();
        registers.put("rsp", u64(desc, 8 + 6 * 8));   // rax, rbx, rcx, rdx, rsi, rdi, rsp
        registers.put("rip", u64(desc, 8 + 16 * 8));  // after the 16 general registers
        registers.put("rflags", u64(desc, 8 + 17 * 8));
        registers.put("cr0", u64(desc, QEMU_CR_AT));
        registers.put("cr2", u64(desc, QEMU_CR_AT + 16));
        registers.put("cr3", u64(desc, QEMU_CR_AT + 24));
        registers.put("cr4", u64(desc, QEMU_CR_AT + 32));
        return registers;
    }

    /** pc and sp from {@code pr_reg} of {@code struct elf_prstatus}, by the core's machine. */
    private Map<String, Long> prstatusRegisters(MemorySegment desc) {
        record Slots(int regs, int width, String pcName, int pc, String spName, int sp) {}
        int bits = layout.bits();
        Slots slots = switch (layout.machine()) {
            // x86-64 user_regs_struct: r15 .. orig_rax, rip (16), cs, eflags, rsp (19), ...
            case EM_X86_64 -> bits == 64 ? new Slots(112, 8, "rip", 16, "rsp", 19) : null;
            // i386 user_regs_struct: ebx .. orig_eax, eip (12), cs, eflags, esp (15), ss
            case EM_386 -> bits == 32 ? new Slots(72, 4, "eip", 12, "esp", 15) : null;
            // AArch64 user_pt_regs: x0 .. x30, sp (31), pc (32), pstate
            case EM_AARCH64 -> bits == 64 ? new Slots(112, 8, "pc", 32, "sp", 31) : null;
            // RISC-V user_regs_struct: pc (0), ra, sp (2), ...
            case EM_RISCV -> bits == 64 ? new Slots(112, 8, "pc", 0, "sp", 2) : null;
            default -> null;
        };
        if (slots == null
                || desc.byteSize() < slots.regs() + (long) (Math.max(slots.pc(), slots.sp()) + 1) * slots.width()) {
            return null;
        }
        Map<String, Long> registers = new LinkedHashMap<>();
        registers.put(slots.pcName(), word(desc, slots.regs() + (long) slots.pc() * slots.width(), slots.width()));
        registers.put(slots.spName(), word(desc, slots.regs() + (long) slots.sp() * slots.width(), slots.width()));
        return registers;
    }

    private static void putVmcoreinfo(String text, Map<String, String> pairs) {
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                pairs.putIfAbsent(line.substring(0, eq), line.substring(eq + 1));
            }
        }
    }

    private static long pad(long n) {
        return (n + 3) & ~3L;
    }

    /** Bytes as ISO-8859-1 text, without the trailing NULs. */
    private static String string(MemorySegment data, long at, long size) {
        byte[] bytes = data.asSlice(at, size).toArray(ValueLayout.JAVA_BYTE);
        int n = bytes.length;
        while (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    private long u32(MemorySegment data, long at) {
        return Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(layout.order()), at));
    }

    private long u64(MemorySegment data, long at) {
        return data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(layout.order()), at);
    }

    private long word(MemorySegment data, long at, int width) {
        return width == 8 ? u64(data, at) : u32(data, at);
    }
}
