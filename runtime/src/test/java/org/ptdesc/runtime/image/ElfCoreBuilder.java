package org.ptdesc.runtime.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds ELF core files byte by byte, as QEMU and kdump lay them out: the ELF header, the
 * program header table right after it, then each segment's bytes. Segment data is placed at
 * odd offsets on purpose (QEMU's are not page aligned either). Every field can be overridden
 * to build corrupt files.
 */
final class ElfCoreBuilder {

    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;

    /** One program header; {@code offset} is chosen by {@link #build()} unless set with {@link #at}. */
    static final class Header {
        int type;
        long paddr;
        long filesz;
        long memsz;
        long offset;
        boolean placed;
        byte[] data;

        /** Puts the data at file offset {@code offset} (which may lie past the end of the file). */
        Header at(long offset) {
            this.offset = offset;
            this.placed = true;
            return this;
        }
    }

    final boolean is64;
    final ByteOrder order;
    int identClass;
    int identData;
    int identVersion = 1;
    int type = 4;
    int machine;
    Long phoff;
    Integer phentsize;
    Integer phnum;
    /** Write e_phnum as PN_XNUM and the real count in section header 0, as for more than 65534 headers. */
    boolean extendedNumbering;
    final List<Header> headers = new ArrayList<>();

    private ElfCoreBuilder(boolean is64, ByteOrder order) {
        this.is64 = is64;
        this.order = order;
        this.identClass = is64 ? 2 : 1;
        this.identData = order == ByteOrder.LITTLE_ENDIAN ? 1 : 2;
        this.machine = is64 ? 62 : 3;
    }

    static ElfCoreBuilder of(int bits, ByteOrder order) {
        return new ElfCoreBuilder(bits == 64, order);
    }

    int headerSize() {
        return is64 ? 64 : 52;
    }

    int programHeaderSize() {
        return is64 ? 56 : 32;
    }

    Header load(long paddr, byte[] data) {
        return add(PT_LOAD, paddr, data);
    }

    Header note(byte[] data) {
        return add(PT_NOTE, 0, data);
    }

    private Header add(int type, long paddr, byte[] data) {
        Header h = new Header();
        h.type = type;
        h.paddr = paddr;
        h.data = data;
        h.filesz = data.length;
        h.memsz = data.length;
        headers.add(h);
        return h;
    }

    /** File offset of program header {@code i}, where the table is by default. */
    long programHeaderAt(int i) {
        return headerSize() + (long) i * programHeaderSize();
    }

    byte[] build() {
        int tableEnd = (int) programHeaderAt(headers.size());
        int sectionHeaderAt = tableEnd;
        int at = tableEnd + (extendedNumbering ? (is64 ? 64 : 40) : 0) + 3;
        int size = at;
        for (Header h : headers) {
            // Offsets set by the caller do not grow the file: they may point past its end on purpose.
            if (!h.placed) {
                h.offset = at;
                at += h.data.length + 5;
                size = at;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(order);
        out.put(0, (byte) 0x7f).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
        out.put(4, (byte) identClass).put(5, (byte) identData).put(6, (byte) identVersion);
        out.putShort(16, (short) type);
        out.putShort(18, (short) machine);
        out.putInt(20, 1);
        long tableAt = phoff != null ? phoff : headerSize();
        int count = phnum != null ? phnum : headers.size();
        if (is64) {
            out.putLong(32, tableAt);
            out.putLong(40, extendedNumbering ? sectionHeaderAt : 0);
            out.putShort(52, (short) 64);
            out.putShort(54, (short) (phentsize != null ? phentsize : 56));
            out.putShort(56, (short) (extendedNumbering ? 0xffff : count));
            out.putShort(58, (short) (extendedNumbering ? 64 : 0));
            out.putShort(60, (short) (extendedNumbering ? 1 : 0));
        } else {
            out.putInt(28, (int) tableAt);
            out.putInt(32, extendedNumbering ? sectionHeaderAt : 0);
            out.putShort(40, (short) 52);
            out.putShort(42, (short) (phentsize != null ? phentsize : 32));
            out.putShort(44, (short) (extendedNumbering ? 0xffff : count));
            out.putShort(46, (short) (extendedNumbering ? 40 : 0));
            out.putShort(48, (short) (extendedNumbering ? 1 : 0));
        }
        if (extendedNumbering) {
            out.putInt(sectionHeaderAt + (is64 ? 44 : 28), count);
        }
        for (int i = 0; i < headers.size(); i++) {
            Header h = headers.get(i);
            int p = (int) programHeaderAt(i);
            if (p + programHeaderSize() > size) {
                continue; // a table moved elsewhere by phoff: the caller wrote what it wanted
            }
            out.putInt(p, h.type);
            if (is64) {
                out.putInt(p + 4, 6);
                out.putLong(p + 8, h.offset);
                out.putLong(p + 16, h.paddr | 0xffff_8000_0000_0000L); // a vaddr the reader must ignore
                out.putLong(p + 24, h.paddr);
                out.putLong(p + 32, h.filesz);
                out.putLong(p + 40, h.memsz);
                out.putLong(p + 48, 0);
            } else {
                out.putInt(p + 4, (int) h.offset);
                out.putInt(p + 8, (int) h.paddr | 0xc000_0000);
                out.putInt(p + 12, (int) h.paddr);
                out.putInt(p + 16, (int) h.filesz);
                out.putInt(p + 20, (int) h.memsz);
                out.putInt(p + 24, 6);
                out.putInt(p + 28, 0);
            }
            if (Long.compareUnsigned(h.offset, size) <= 0 && h.offset + h.data.length <= size) {
                out.put((int) h.offset, h.data);
            }
        }
        return out.array();
    }
}
