package org.ptdesc.images;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptdesc.runtime.image.CpuState;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.ImageNotes;

/**
 * What a kdump-compressed file's notes say: the ELF note section its sub header points at
 * ({@code offset_note}, {@code size_note}: QEMU copies there the notes of its ELF cores, one
 * {@code NT_PRSTATUS} and one {@code QEMU} note per CPU), and the VMCOREINFO text
 * ({@code offset_vmcoreinfo}, {@code size_vmcoreinfo}, or else a {@code VMCOREINFO} note).
 * Notes are {@code Elf_Nhdr} (name size, descriptor size, type, each 4 bytes in the machine's
 * order) followed by the name and the descriptor, each padded to 4 bytes, in both ELF classes.
 */
final class DumpNotes {

    /** The most bytes of notes or VMCOREINFO read into memory. */
    static final int MAX_NOTE_BYTES = 16 << 20;

    private DumpNotes() {}

    /** One ELF note. */
    record Note(String name, int type, byte[] descriptor) {}

    static ImageNotes read(ByteSource source, DumpHeader header) throws ImageFormatException {
        List<Note> notes = header.noteSize() == 0 ? List.of()
                : parse(bytes(source, header.noteOffset(), header.noteSize(), "ELF note section"), header.order(),
                        source.name(), header.noteOffset());
        List<CpuState> cpus = new ArrayList<>();
        String vmcoreinfo = null;
        for (Note note : notes) {
            if (note.name().equals("QEMU")) {
                CpuState cpu = QemuCpuNote.parse(note.descriptor(), header.order(), cpus.size());
                if (cpu != null) {
                    cpus.add(cpu);
                }
            } else if (note.name().equals("VMCOREINFO") && vmcoreinfo == null) {
                vmcoreinfo = new String(note.descriptor(), StandardCharsets.ISO_8859_1);
            }
        }
        if (header.vmcoreinfoSize() != 0) {
            vmcoreinfo = new String(bytes(source, header.vmcoreinfoOffset(), header.vmcoreinfoSize(), "VMCOREINFO"),
                    StandardCharsets.ISO_8859_1);
        }
        return new ImageNotes(cpus, vmcoreinfo == null ? Map.of() : vmcoreinfo(vmcoreinfo));
    }

    /** The {@code KEY=VALUE} lines of VMCOREINFO, in order; lines without '=' (and NULs) are skipped. */
    static Map<String, String> vmcoreinfo(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String clean = line.replace("\0", "");
            int eq = clean.indexOf('=');
            if (eq > 0) {
                pairs.putIfAbsent(clean.substring(0, eq), clean.substring(eq + 1));
            }
        }
        return pairs;
    }

    /** The notes in {@code section}; a note that runs past the section's end is corrupt. */
    static List<Note> parse(byte[] section, ByteOrder order, String name, long fileOffset) throws ImageFormatException {
        ByteBuffer b = ByteBuffer.wrap(section).order(order);
        List<Note> notes = new ArrayList<>();
        int at = 0;
        while (section.length - at >= 12) {
            long nameSize = Integer.toUnsignedLong(b.getInt(at));
            long descSize = Integer.toUnsignedLong(b.getInt(at + 4));
            int type = b.getInt(at + 8);
            if (nameSize == 0 && descSize == 0 && type == 0) {
                break; // zero padding after the last note
            }
            long nameEnd = at + 12L + nameSize;
            long descAt = at + 12L + align4(nameSize);
            long descEnd = descAt + descSize;
            if (descEnd > section.length || nameEnd > section.length) {
                throw new ImageFormatException(name, "ELF note at file offset 0x" + Long.toHexString(fileOffset + at)
                        + ": name of " + nameSize + " and descriptor of " + descSize
                        + " bytes run past the note section's " + section.length + " bytes");
            }
            int nameLength = (int) nameSize;
            while (nameLength > 0 && section[at + 12 + nameLength - 1] == 0) {
                nameLength--;
            }
            String noteName = new String(section, at + 12, nameLength, StandardCharsets.ISO_8859_1);
            byte[] descriptor = new byte[(int) descSize];
            System.arraycopy(section, (int) descAt, descriptor, 0, (int) descSize);
            notes.add(new Note(noteName, type, descriptor));
            at = (int) Math.min(section.length, descAt + align4(descSize));
        }
        return notes;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }

    private static byte[] bytes(ByteSource source, long offset, long size, String what) throws ImageFormatException {
        if (size < 0 || size > MAX_NOTE_BYTES) {
            throw new ImageFormatException(source.name(), what + " of " + Long.toUnsignedString(size)
                    + " bytes is larger than the " + MAX_NOTE_BYTES + " bytes accepted");
        }
        byte[] bytes = new byte[(int) size];
        source.read(offset, bytes, 0, bytes.length, what);
        return bytes;
    }
}
