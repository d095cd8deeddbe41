package org.ptdesc.runtime.image;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * for its text mapping, once inside its RAM range); the later one is then trimmed. Overlaps
 * with different contents are corrupt. A 32-bit core addresses 4 GiB; a 64-bit one, 2^64
 * bytes; a segment that wraps past the top is corrupt. Cores of processes (every
 * {@code p_paddr} 0) are refused. {@code e_phnum == PN_XNUM} (more than 65534 program headers)
 * is read from section header 0, as the ELF specification says.
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
        return identify(data, name).memory();
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

    private PhysicalMemory memory() throws ImageFormatException {
        int type = u16(16);
        if (type != ET_CORE) {
            throw new ImageFormatException(name, "not a core file: e_type is " + type + ", expected " + ET_CORE
                    + " (ET_CORE)");
        }
        List<Load> loads = loads();
        List<PhysicalMemory.Range> ranges = ranges(loads);
        String description = name + ": ELF" + elf.bits() + " "
                + (order == ByteOrder.LITTLE_ENDIAN ? "little" : "big") + "-endian core"
                + machine(u16(18)) + ", " + loads.size() + " PT_LOAD";
        return PhysicalMemory.of(data, ranges, description);
    }

    private List<Load> loads() throws ImageFormatException {
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
        // bad data in whichever segment comes first.
        for (int i = 0; i < count; i++) {
            if (entryAt(phoff, i, entrySize, elf.programHeaderSize()) < 0) {
                throw truncated(name, "program header " + i, size);
            }
        }
        List<Load> loads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long at = entryAt(phoff, i, entrySize, elf.programHeaderSize());
            if (u32(at) != PT_LOAD) {
                continue;
            }
            Load load = new Load(i, word(at + elf.pPaddr()), word(at + elf.pFilesz()), word(at + elf.pOffset()));
            long memsz = word(at + elf.pMemsz());
            check(load, memsz);
            loads.add(load);
        }
        if (loads.isEmpty()) {
            throw new ImageFormatException(name, "no PT_LOAD program header: the core holds no memory");
        }
        if (loads.size() > 1 && loads.stream().allMatch(l -> l.paddr() == 0)) {
            throw new ImageFormatException(name, "every PT_LOAD has p_paddr 0: this is the core of a process"
                    + " (virtual memory), not a dump of physical memory");
        }
        return loads;
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
     * The loads as disjoint ranges: sorted by physical address, empty ones dropped, and a load
     * that overlaps the one before it with the same bytes trimmed to the part that is new.
     * Since the ranges kept are disjoint and start at or below the next load, only the last one
     * kept can overlap it.
     */
    private List<PhysicalMemory.Range> ranges(List<Load> loads) throws ImageFormatException {
        List<Load> sorted = new ArrayList<>(loads);
        sorted.removeIf(l -> l.filesz() == 0);
        sorted.sort(Comparator.comparing(Load::paddr, Long::compareUnsigned));
        List<Load> kept = new ArrayList<>();
        for (Load load : sorted) {
            Load before = kept.isEmpty() ? null : kept.getLast();
            if (before == null || Long.compareUnsigned(load.paddr(), before.last()) > 0) {
                kept.add(load);
                continue;
            }
            long sharedLast = Long.compareUnsigned(load.last(), before.last()) < 0 ? load.last() : before.last();
            long shared = sharedLast - load.paddr() + 1;
            long beforeAt = before.offset() + (load.paddr() - before.paddr());
            if (MemorySegment.mismatch(data, beforeAt, beforeAt + shared, data, load.offset(), load.offset() + shared) != -1) {
                throw new ImageFormatException(name, "program headers " + before.header() + " and " + load.header()
                        + " (PT_LOAD) overlap at physical 0x" + Long.toHexString(load.paddr()) + "..0x"
                        + Long.toHexString(sharedLast) + " with different contents");
            }
            if (sharedLast != load.last()) {
                kept.add(new Load(load.header(), sharedLast + 1, load.filesz() - shared, load.offset() + shared));
            }
        }
        return kept.stream().map(l -> new PhysicalMemory.Range(l.paddr(), l.filesz(), l.offset())).toList();
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

    private int u16(long offset) {
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
