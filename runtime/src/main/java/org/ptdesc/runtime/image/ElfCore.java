package org.ptdesc.runtime.image;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * Reads the physical memory of an ELF core file ({@code ET_CORE}, 32- or 64-bit, little- or
 * big-endian), as written by QEMU's {@code dump-guest-memory} and by Linux kdump
 * ({@code /proc/vmcore}, or {@code makedumpfile -E}). Each {@code PT_LOAD} program header maps
 * {@code p_filesz} bytes at physical address {@code p_paddr} to file offset {@code p_offset},
 * taken as it is (QEMU's offsets are not page aligned); other program headers (notes) are
 * ignored, as are the virtual addresses.
 *
 * <p>Decisions: when {@code p_memsz > p_filesz} only the {@code p_filesz} bytes are mapped and
 * the tail is unreadable (a walk reports a table there as outside memory rather than guessing
 * zeros the file does not hold). Overlapping {@code PT_LOAD} ranges are accepted only when the
 * bytes they share are identical, because a kdump core describes the kernel image twice (once
 * for its text mapping, once inside its RAM range). Overlaps with different contents are
 * corrupt. The check takes n log n steps for n headers (each load, in address order, replaces
 * the parts of earlier ones it covers, so no part is compared twice against later loads), and
 * the bytes it compares are bounded by twice the file's size plus 64 MiB (shared bytes that are
 * the same bytes of the file are not compared): a file of overlapping headers that asks for
 * more is refused. Memory is bounded by the headers that describe memory ({@code p_filesz > 0}),
 * never by a count the file claims. A 32-bit core addresses 4 GiB; a 64-bit one, 2^64
 * bytes; a segment that wraps past the top is corrupt. Cores of processes (every
 * {@code p_paddr} 0) are refused. {@code e_phnum == PN_XNUM} (more than 65534 program headers)
 * is read from section header 0, as the ELF specification says.
 *
 * <p>{@link #open} also reads the notes ({@code PT_NOTE}) into {@link ImageNotes}: QEMU's
 * {@code QEMU} note (QEMUCPUState, x86 only: {@code cr0}, {@code cr2}, {@code cr3}, {@code cr4}),
 * Linux's {@code NT_PRSTATUS} (the program counter and stack pointer, for x86-64, i386, AArch64
 * and RISC-V 64), and {@code VMCOREINFO} as key/value pairs. Notes must lie inside their
 * segment, and their segment inside the file.
 *
 * <p>Every truncated or corrupt file gives an {@link ImageFormatException} naming the file and
 * the program header at fault; no other exception escapes.
 */
public final class ElfCore {

    private static final int EI_NIDENT = 16;
    private static final int EI_CLASS = 4;
    private static final int EI_DATA = 5;
    private static final int EI_VERSION = 6;
    private static final int ET_CORE = 4;
    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int PN_XNUM = 0xffff;

    /** Where the fields this reader needs are, for one ELF class (ELF32 or ELF64). */
    private record ElfClass(
            int bits,
            int headerSize,
            int phoff,
            int shoff,
            int phentsize,
            int phnum,
            int shentsize,
            int shnum,
            int programHeaderSize,
            int pOffset,
            int pPaddr,
            int pFilesz,
            int pMemsz,
            int sectionHeaderSize,
            int shInfo) {}

    private static final ElfClass ELF32 = new ElfClass(32, 52, 28, 32, 42, 44, 46, 48, 32, 4, 12, 16, 20, 40, 28);
    private static final ElfClass ELF64 = new ElfClass(64, 64, 32, 40, 54, 56, 58, 60, 56, 8, 24, 32, 40, 64, 44);

    /** One {@code PT_LOAD}: program header number, physical start, bytes in the file, file offset. */
    private record Load(int header, long paddr, long filesz, long offset) {
        long last() {
            return paddr + filesz - 1;
        }
    }

    private final MemorySegment data;
    private final String name;
    private final long size;
    private final ElfClass elf;
    private final ByteOrder order;

    private ElfCore(MemorySegment data, String name, ElfClass elf, ByteOrder order) {
        this.data = data;
        this.name = name;
        this.size = data.byteSize();
        this.elf = elf;
        this.order = order;
    }

    /**
     * The memory an ELF core describes.
     *
     * @param data the file's bytes (mapped, or any segment); the result reads from it
     * @param name the file, as the user named it, for messages and the description
     * @throws ImageFormatException if the bytes are no ELF core, or are truncated or corrupt
     */
    public static PhysicalMemory read(MemorySegment data, String name) throws ImageFormatException {
        ElfCore core = identify(data, name);
        return core.memory(core.headers());
    }

    /**
     * The memory an ELF core describes, with its notes (CPU registers, VMCOREINFO).
     *
     * @throws ImageFormatException if the bytes are no ELF core, or are truncated or corrupt
     */
    public static MemoryImage open(MemorySegment data, String name) throws ImageFormatException {
        ElfCore core = identify(data, name);
        Headers headers = core.headers();
        PhysicalMemory memory = core.memory(headers);
        NoteArea.Layout layout = new NoteArea.Layout(core.order, core.elf.bits(), core.u16(18));
        ImageNotes notes = NoteArea.read(headers.notes(), layout, name);
        if (layout.machine() == NoteArea.EM_X86_64 || layout.machine() == NoteArea.EM_386) {
            notes = notes.withLongMode(layout.machine() == NoteArea.EM_X86_64);
        }
        return new MemoryImage(memory, "elf-core", notes);
    }

    private static ElfCore identify(MemorySegment data, String name) throws ImageFormatException {
        long size = data.byteSize();
        if (ImageFormat.detect(data) != ImageFormat.ELF_CORE) {
            StringBuilder magic = new StringBuilder();
            for (int i = 0; i < Math.min(4, size); i++) {
                magic.append(i == 0 ? "" : " ").append(String.format("%02x", byteAt(data, i)));
            }
            throw new ImageFormatException(name, "not an ELF file: bad magic '" + magic + "' (expected '7f 45 4c 46')");
        }
        if (size < EI_NIDENT) {
            throw truncated(name, "ELF identification (" + EI_NIDENT + " bytes)", size);
        }
        ElfClass elf = switch (byteAt(data, EI_CLASS)) {
            case 1 -> ELF32;
            case 2 -> ELF64;
            default -> throw new ImageFormatException(name, "unsupported ELF class " + byteAt(data, EI_CLASS)
                    + " (expected 1 for 32-bit or 2 for 64-bit)");
        };
        ByteOrder order = switch (byteAt(data, EI_DATA)) {
            case 1 -> ByteOrder.LITTLE_ENDIAN;
            case 2 -> ByteOrder.BIG_ENDIAN;
            default -> throw new ImageFormatException(name, "unsupported ELF data encoding " + byteAt(data, EI_DATA)
                    + " (expected 1 for little-endian or 2 for big-endian)");
        };
        if (byteAt(data, EI_VERSION) != 1) {
            throw new ImageFormatException(name, "unsupported ELF version " + byteAt(data, EI_VERSION) + " (expected 1)");
        }
        if (size < elf.headerSize()) {
            throw truncated(name, "ELF" + elf.bits() + " header (" + elf.headerSize() + " bytes)", size);
        }
        return new ElfCore(data, name, elf, order);
    }

    /** The program headers this reader uses: the non-empty loads, and the note segments. */
    private record Headers(List<Load> loads, int loadHeaders, List<NoteArea.Part> notes) {}

    private PhysicalMemory memory(Headers headers) throws ImageFormatException {
        List<PhysicalMemory.Range> ranges = ranges(headers.loads());
        String description = name + ": ELF" + elf.bits() + " "
                + (order == ByteOrder.LITTLE_ENDIAN ? "little" : "big") + "-endian core"
                + machine(u16(18)) + ", " + headers.loadHeaders() + " PT_LOAD";
        return PhysicalMemory.of(data, ranges, description);
    }

    private Headers headers() throws ImageFormatException {
        int type = u16(16);
        if (type != ET_CORE) {
            throw new ImageFormatException(name, "not a core file: e_type is " + type + ", expected " + ET_CORE
                    + " (ET_CORE)");
        }
        long phoff = word(elf.phoff());
        int entrySize = u16(elf.phentsize());
        int count = programHeaderCount();
        if (count == 0) {
            throw new ImageFormatException(name, "no program headers: the core holds no memory");
        }
        if (phoff == 0) {
            throw new ImageFormatException(name, "e_phoff is 0 but e_phnum is " + count);
        }
        if (entrySize < elf.programHeaderSize()) {
            throw new ImageFormatException(name, "e_phentsize " + entrySize + " is smaller than the "
                    + elf.programHeaderSize() + " bytes of an ELF" + elf.bits() + " program header");
        }
        // The whole table first, so that a truncated file is reported as such rather than as
        // bad data in whichever segment comes first. The table must lie in the file, so a
        // count the file does not back is refused here, before anything is allocated for it.
        if (entryAt(phoff, count - 1L, entrySize, elf.programHeaderSize()) < 0) {
            for (int i = 0; i < count; i++) {
                if (entryAt(phoff, i, entrySize, elf.programHeaderSize()) < 0) {
                    throw truncated(name, "program header " + i, size);
                }
            }
        }
        List<Load> loads = new ArrayList<>();
        List<NoteArea.Part> notes = new ArrayList<>();
        int loadHeaders = 0;
        int atZero = 0;
        for (int i = 0; i < count; i++) {
            long at = entryAt(phoff, i, entrySize, elf.programHeaderSize());
            long kind = u32(at);
            if (kind == PT_NOTE) {
                notes.add(noteSegment(i, at));
                continue;
            }
            if (kind != PT_LOAD) {
                continue;
            }
            Load load = new Load(i, word(at + elf.pPaddr()), word(at + elf.pFilesz()), word(at + elf.pOffset()));
            long memsz = word(at + elf.pMemsz());
            check(load, memsz);
            loadHeaders++;
            atZero += load.paddr() == 0 ? 1 : 0;
            // An empty load describes no memory: nothing is kept for it.
            if (load.filesz() != 0) {
                loads.add(load);
            }
        }
        if (loadHeaders == 0) {
            throw new ImageFormatException(name, "no PT_LOAD program header: the core holds no memory");
        }
        if (loadHeaders > 1 && atZero == loadHeaders) {
            throw new ImageFormatException(name, "every PT_LOAD has p_paddr 0: this is the core of a process"
                    + " (virtual memory), not a dump of physical memory");
        }
        return new Headers(loads, loadHeaders, notes);
    }

    private NoteArea.Part noteSegment(int header, long at) throws ImageFormatException {
        long offset = word(at + elf.pOffset());
        long filesz = word(at + elf.pFilesz());
        if (Long.compareUnsigned(offset, size) > 0 || Long.compareUnsigned(filesz, size - offset) > 0) {
            throw truncated(name, "program header " + header + " (PT_NOTE) data at file offset 0x"
                    + Long.toHexString(offset) + " + 0x" + Long.toHexString(filesz) + " bytes", size);
        }
        return new NoteArea.Part(data.asSlice(offset, filesz), "program header " + header + " (PT_NOTE)");
    }

    private int programHeaderCount() throws ImageFormatException {
        int count = u16(elf.phnum());
        if (count != PN_XNUM) {
            return count;
        }
        // More than 65534 program headers: the real count is sh_info of section header 0.
        long at = entryAt(word(elf.shoff()), 0, u16(elf.shentsize()), elf.sectionHeaderSize());
        if (word(elf.shoff()) == 0 || u16(elf.shentsize()) < elf.sectionHeaderSize() || at < 0) {
            throw new ImageFormatException(name, "e_phnum is PN_XNUM but section header 0, which holds the"
                    + " program header count, is missing or extends past end of file (" + size + " bytes)");
        }
        long real = u32(at + elf.shInfo());
        if (real > Integer.MAX_VALUE) {
            throw new ImageFormatException(name, "implausible program header count " + real);
        }
        return (int) real;
    }

    /** File offset of entry {@code i} of a table, or -1 when its {@code needed} bytes are not all in the file. */
    private long entryAt(long tableOffset, long i, int entrySize, int needed) {
        if (Long.compareUnsigned(tableOffset, size) > 0) {
            return -1;
        }
        // tableOffset <= size < 2^63, and i * entrySize < 2^47: no overflow.
        long at = tableOffset + i * entrySize;
        return at <= size - needed ? at : -1;
    }

    private void check(Load load, long memsz) throws ImageFormatException {
        String header = "program header " + load.header() + " (PT_LOAD)";
        if (Long.compareUnsigned(load.filesz(), memsz) > 0) {
            throw new ImageFormatException(name, header + ": p_filesz 0x" + Long.toHexString(load.filesz())
                    + " exceeds p_memsz 0x" + Long.toHexString(memsz));
        }
        if (Long.compareUnsigned(load.offset(), size) > 0
                || Long.compareUnsigned(load.filesz(), size - load.offset()) > 0) {
            throw truncated(name, header + " data at file offset 0x" + Long.toHexString(load.offset()) + " + 0x"
                    + Long.toHexString(load.filesz()) + " bytes", size);
        }
        boolean wraps = elf == ELF32
                ? load.paddr() + load.filesz() > 1L << 32
                : load.filesz() != 0 && Long.compareUnsigned(load.last(), load.paddr()) < 0;
        if (wraps) {
            throw new ImageFormatException(name, header + ": physical range 0x" + Long.toHexString(load.paddr())
                    + " + 0x" + Long.toHexString(load.filesz()) + " wraps around the top of the " + elf.bits()
                    + "-bit address space");
        }
    }

    /**
     * The loads as disjoint ranges. Loads are taken in address order; each one is compared with
     * the ranges already kept that it overlaps, then replaces the part of them it covers (the
     * bytes being equal, which copy is read does not matter). A range is thus compared with at
     * most one later load before it is replaced or trimmed, and each load adds at most three
     * ranges: n log n steps for n loads.
     */
    private List<PhysicalMemory.Range> ranges(List<Load> loads) throws ImageFormatException {
        List<Load> sorted = new ArrayList<>(loads);
        sorted.sort(Comparator.comparing(Load::paddr, Long::compareUnsigned));
        TreeMap<Long, Load> kept = new TreeMap<>(Long::compareUnsigned);
        long budget = 2 * size + (64L << 20);
        for (Load load : sorted) {
            Map.Entry<Long, Load> first = kept.floorEntry(load.paddr());
            if (first == null || Long.compareUnsigned(first.getValue().last(), load.paddr()) < 0) {
                first = kept.higherEntry(load.paddr());
            }
            List<Load> overlapped = new ArrayList<>();
            for (Map.Entry<Long, Load> e = first; e != null && Long.compareUnsigned(e.getKey(), load.last()) <= 0;
                    e = kept.higherEntry(e.getKey())) {
                overlapped.add(e.getValue());
            }
            for (Load before : overlapped) {
                budget -= compareShared(before, load, budget);
                kept.remove(before.paddr());
                if (Long.compareUnsigned(before.paddr(), load.paddr()) < 0) {
                    kept.put(before.paddr(), slice(before, before.paddr(), load.paddr() - 1));
                }
                if (Long.compareUnsigned(before.last(), load.last()) > 0) {
                    kept.put(load.last() + 1, slice(before, load.last() + 1, before.last()));
                }
            }
            kept.put(load.paddr(), load);
        }
        return kept.values().stream().map(l -> new PhysicalMemory.Range(l.paddr(), l.filesz(), l.offset())).toList();
    }

    /** The part {@code first..last} of a load, as a load of the same header. */
    private static Load slice(Load load, long first, long last) {
        return new Load(load.header(), first, last - first + 1, load.offset() + (first - load.paddr()));
    }

    /**
     * Checks that two loads hold the same bytes where they overlap; returns the bytes compared
     * (0 when both read the same bytes of the file).
     */
    private long compareShared(Load before, Load load, long budget) throws ImageFormatException {
        long from = Long.compareUnsigned(before.paddr(), load.paddr()) > 0 ? before.paddr() : load.paddr();
        long to = Long.compareUnsigned(before.last(), load.last()) < 0 ? before.last() : load.last();
        long shared = to - from + 1;
        long beforeAt = before.offset() + (from - before.paddr());
        long loadAt = load.offset() + (from - load.paddr());
        if (beforeAt == loadAt) {
            return 0;
        }
        if (shared > budget) {
            throw new ImageFormatException(name, "program headers " + before.header() + " and " + load.header()
                    + " (PT_LOAD): too many overlapping PT_LOAD ranges to check (more than " + (2 * size + (64L << 20))
                    + " bytes to compare)");
        }
        if (MemorySegment.mismatch(data, beforeAt, beforeAt + shared, data, loadAt, loadAt + shared) != -1) {
            throw new ImageFormatException(name, "program headers " + before.header() + " and " + load.header()
                    + " (PT_LOAD) overlap at physical 0x" + Long.toHexString(from) + "..0x"
                    + Long.toHexString(to) + " with different contents");
        }
        return shared;
    }

    private static String machine(int machine) {
        String known = switch (machine) {
            case 3 -> "i386";
            case 8 -> "MIPS";
            case 20 -> "PowerPC";
            case 21 -> "PowerPC64";
            case 22 -> "s390";
            case 40 -> "ARM";
            case 62 -> "x86-64";
            case 183 -> "AArch64";
            case 243 -> "RISC-V";
            case 258 -> "LoongArch";
            default -> null;
        };
        return known == null ? " (machine " + machine + ")" : " (" + known + ")";
    }

    /** "x.elf: truncated: {what} extends past end of file (1234 bytes)". */
    private static ImageFormatException truncated(String name, String what, long size) {
        return new ImageFormatException(name, "truncated: " + what + " extends past end of file (" + size + " bytes)");
    }

    private static int byteAt(MemorySegment data, long offset) {
        return Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, offset));
    }

    int u16(long offset) {
        return Short.toUnsignedInt(data.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order), offset));
    }

    private long u32(long offset) {
        return Integer.toUnsignedLong(data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), offset));
    }

    /** An address or offset: 32 bits zero-extended in ELF32, 64 bits in ELF64. */
    private long word(long offset) {
        return elf == ELF64 ? data.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), offset) : u32(offset);
    }
}
