package org.ptdesc.images;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.NoteArea;

/**
 * The two headers at the start of a kdump-compressed file: {@code disk_dump_header} in block 0
 * and {@code kdump_sub_header} in block 1 (makedumpfile's {@code diskdump_mod.h}; QEMU's
 * {@code DiskDumpHeader32/64} and {@code KdumpSubHeader32/64} in {@code dump.h} write the same
 * bytes). Both are in the dumped machine's byte order and word size.
 *
 * <p>Decisions: the byte order is the one in which {@code header_version} is small (1 to 64);
 * the word size is found by where {@code block_size} lies: after a 22-byte {@code timeval} at
 * offset 428 (64-bit machines) or after a 10-byte one at offset 416 (32-bit ones), taking the
 * layout in which the block size is a power of two from 512 bytes to 1 MiB, the sub header
 * spans at least one block and the bitmaps an even number of blocks; the machine named in
 * {@code utsname} decides when both would fit. Fields added in later header versions are read
 * only when {@code header_version} has them: {@code max_mapnr_64} from version 6, the note
 * section from version 4, VMCOREINFO from version 3.
 *
 * @param signature {@code KDUMP   } or {@code DISKDUMP}
 * @param version {@code header_version}
 * @param order the dumped machine's byte order
 * @param wordBits 32 or 64
 * @param machine {@code utsname.machine}, possibly empty
 * @param status {@code status}: the compression the writer chose, and 8 when the dump is incomplete
 * @param blockSize {@code block_size}: the page size
 * @param subHeaderBlocks {@code sub_hdr_size}, in blocks
 * @param bitmapBlocks {@code bitmap_blocks}: both bitmaps together, in blocks
 * @param maxMapnr the number of page frames the bitmaps describe
 * @param cpus {@code nr_cpus}
 * @param vmcoreinfoOffset the file offset of the VMCOREINFO text, 0 when there is none
 * @param vmcoreinfoSize its size in bytes
 * @param noteOffset the file offset of the ELF note section, 0 when there is none
 * @param noteSize its size in bytes
 */
public record DumpHeader(
        String signature,
        int version,
        ByteOrder order,
        int wordBits,
        String machine,
        int status,
        int blockSize,
        long subHeaderBlocks,
        long bitmapBlocks,
        long maxMapnr,
        long cpus,
        long vmcoreinfoOffset,
        long vmcoreinfoSize,
        long noteOffset,
        long noteSize) {

    /** {@code status} bit: the writer ran out of space, so the dump holds fewer pages than its bitmap says. */
    public static final int DUMP_DH_COMPRESSED_INCOMPLETE = 0x8;

    /** The bytes of {@code disk_dump_header} this reader needs (through {@code nr_cpus} of the 64-bit layout). */
    static final int MAIN_HEADER_BYTES = 464;
    private static final int UTSNAME_AT = 12;
    private static final int UTSNAME_FIELD = 65;
    private static final int MACHINE_AT = UTSNAME_AT + 4 * UTSNAME_FIELD;
    private static final int BLOCK_SIZE_AT_64 = 428;
    private static final int BLOCK_SIZE_AT_32 = 416;
    private static final int SUB_HEADER_BYTES_64 = 104;
    private static final int SUB_HEADER_BYTES_32 = 80;

    /** Whether the dump says it is incomplete (pages past the point the writer stopped are missing). */
    public boolean incomplete() {
        return (status & DUMP_DH_COMPRESSED_INCOMPLETE) != 0;
    }

    /**
     * The ELF machine number ({@code e_machine}) of {@code utsname.machine}, for reading the
     * notes (whose register layouts depend on it): {@code uname -m}'s names for x86-64, i386,
     * AArch64 and RISC-V; 0 for any other machine, whose CPU notes the note parser does not read.
     */
    public int elfMachine() {
        return switch (machine) {
            case "x86_64" -> NoteArea.EM_X86_64;
            case "i386", "i486", "i586", "i686" -> NoteArea.EM_386;
            case "aarch64", "arm64" -> NoteArea.EM_AARCH64;
            case "riscv64", "riscv32" -> NoteArea.EM_RISCV;
            default -> 0;
        };
    }

    /** The file offset of the first bitmap. */
    public long bitmapOffset() {
        return (1 + subHeaderBlocks) * blockSize;
    }

    /** The bytes of one bitmap (each is half of the bitmap blocks). */
    public long bitmapBytes() {
        return bitmapBlocks * blockSize / 2;
    }

    /** The file offset of the first page descriptor. */
    public long descriptorOffset() {
        return (1 + subHeaderBlocks + bitmapBlocks) * blockSize;
    }

    /**
     * Reads both headers.
     *
     * @throws ImageFormatException when either header is truncated or implausible
     */
    public static DumpHeader read(ByteSource source) throws ImageFormatException {
        if (source.size() < MAIN_HEADER_BYTES) {
            throw source.pastEnd(0, MAIN_HEADER_BYTES, "disk_dump_header");
        }
        byte[] main = new byte[MAIN_HEADER_BYTES];
        source.read(0, main, 0, MAIN_HEADER_BYTES, "disk_dump_header");
        String signature = new String(main, 0, 8, StandardCharsets.ISO_8859_1);
        if (!signature.equals("KDUMP   ") && !signature.equals("DISKDUMP")) {
            throw new ImageFormatException(source.name(), "not a kdump-compressed file: signature '"
                    + signature.strip() + "' (expected 'KDUMP   ' or 'DISKDUMP')");
        }
        ByteOrder order = byteOrder(main, source.name());
        ByteBuffer header = ByteBuffer.wrap(main).order(order);
        int version = header.getInt(8);
        String machine = cString(main, MACHINE_AT, UTSNAME_FIELD);
        boolean fits64 = plausible(header, BLOCK_SIZE_AT_64);
        boolean fits32 = plausible(header, BLOCK_SIZE_AT_32);
        int wordBits;
        if (fits64 && fits32) {
            wordBits = thirtyTwoBit(machine) ? 32 : 64;
        } else if (fits64 || fits32) {
            wordBits = fits64 ? 64 : 32;
        } else {
            throw new ImageFormatException(source.name(), "disk_dump_header: no plausible block size, sub header"
                    + " size and bitmap size at the offsets of either the 64-bit (0x" + Integer.toHexString(BLOCK_SIZE_AT_64)
                    + ") or the 32-bit (0x" + Integer.toHexString(BLOCK_SIZE_AT_32) + ") layout");
        }
        int at = wordBits == 64 ? BLOCK_SIZE_AT_64 : BLOCK_SIZE_AT_32;
        int status = header.getInt(at - 4);
        int blockSize = header.getInt(at);
        long subHeaderBlocks = Integer.toUnsignedLong(header.getInt(at + 4));
        long bitmapBlocks = Integer.toUnsignedLong(header.getInt(at + 8));
        long maxMapnr = Integer.toUnsignedLong(header.getInt(at + 12));
        long cpus = Integer.toUnsignedLong(header.getInt(at + 32));
        if (blockSize > source.size() || subHeaderBlocks > source.size() / blockSize
                || bitmapBlocks > source.size() / blockSize) {
            throw new ImageFormatException(source.name(), "truncated: disk_dump_header claims " + subHeaderBlocks
                    + " sub header blocks and " + bitmapBlocks + " bitmap blocks of " + blockSize
                    + " bytes, more than the file's " + source.size() + " bytes");
        }
        DumpHeader partial = new DumpHeader(signature, version, order, wordBits, machine, status, blockSize,
                subHeaderBlocks, bitmapBlocks, maxMapnr, cpus, 0, 0, 0, 0);
        return partial.withSubHeader(source);
    }

    /** This header with what {@code kdump_sub_header} adds for its version. */
    private DumpHeader withSubHeader(ByteSource source) throws ImageFormatException {
        if (!signature.equals("KDUMP   ") || version < 3) {
            return this;
        }
        boolean wide = wordBits == 64;
        byte[] sub = new byte[wide ? SUB_HEADER_BYTES_64 : SUB_HEADER_BYTES_32];
        source.read(blockSize, sub, 0, sub.length, "kdump_sub_header");
        ByteBuffer b = ByteBuffer.wrap(sub).order(order);
        // Offsets of kdump_sub_header's fields in each layout (QEMU's KdumpSubHeader32/64, packed).
        long vmcoreinfoOffset = b.getLong(wide ? 32 : 20);
        long vmcoreinfoSize = wide ? b.getLong(40) : Integer.toUnsignedLong(b.getInt(28));
        long noteOffset = 0;
        long noteSize = 0;
        if (version >= 4) {
            noteOffset = b.getLong(wide ? 48 : 32);
            noteSize = wide ? b.getLong(56) : Integer.toUnsignedLong(b.getInt(40));
        }
        long mapnr = maxMapnr;
        if (version >= 6) {
            mapnr = b.getLong(wide ? 96 : 72);
        }
        return new DumpHeader(signature, version, order, wordBits, machine, status, blockSize, subHeaderBlocks,
                bitmapBlocks, mapnr, cpus, vmcoreinfoOffset, vmcoreinfoSize, noteOffset, noteSize);
    }

    private static ByteOrder byteOrder(byte[] main, String name) throws ImageFormatException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int version = ByteBuffer.wrap(main).order(order).getInt(8);
            if (version >= 1 && version <= 64) {
                return order;
            }
        }
        throw new ImageFormatException(name, "disk_dump_header: implausible header_version (bytes "
                + String.format("%02x %02x %02x %02x", main[8], main[9], main[10], main[11])
                + " at offset 8; expected 1 to 64 in either byte order)");
    }

    private static boolean plausible(ByteBuffer header, int blockSizeAt) {
        int blockSize = header.getInt(blockSizeAt);
        long subHeaderBlocks = Integer.toUnsignedLong(header.getInt(blockSizeAt + 4));
        long bitmapBlocks = Integer.toUnsignedLong(header.getInt(blockSizeAt + 8));
        return blockSize >= 512 && blockSize <= 1 << 20 && Integer.bitCount(blockSize) == 1
                && subHeaderBlocks >= 1 && bitmapBlocks >= 2 && bitmapBlocks % 2 == 0;
    }

    private static boolean thirtyTwoBit(String machine) {
        return machine.matches("i[3-6]86|arm.*|ppc|mips|mipsel|s390|sparc|riscv32");
    }

    private static String cString(byte[] bytes, int at, int max) {
        int end = at;
        while (end < at + max && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, at, end - at, StandardCharsets.ISO_8859_1);
    }
}
