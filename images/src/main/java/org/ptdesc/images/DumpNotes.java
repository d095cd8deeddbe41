package org.ptdesc.images;

import java.lang.foreign.MemorySegment;
import org.ptdesc.runtime.image.ImageFormatException;
import org.ptdesc.runtime.image.ImageNotes;
import org.ptdesc.runtime.image.NoteArea;

/**
 * Finds a kdump-compressed file's notes and hands them to the runtime's note parser
 * ({@link NoteArea}): the ELF note section its sub header points at ({@code offset_note},
 * {@code size_note}: QEMU copies there the notes of its ELF cores, one {@code NT_PRSTATUS} and
 * one {@code QEMU} note per CPU), and the VMCOREINFO text ({@code offset_vmcoreinfo},
 * {@code size_vmcoreinfo}, which wins over a {@code VMCOREINFO} note). The notes are in the
 * header's byte order and word size; the ELF machine they are laid out for is the one
 * {@code utsname.machine} names ({@link DumpHeader#elfMachine()}).
 */
final class DumpNotes {

    /** The most bytes of notes or VMCOREINFO read into memory. */
    static final int MAX_NOTE_BYTES = 16 << 20;

    private DumpNotes() {}

    static ImageNotes read(ByteSource source, DumpHeader header) throws ImageFormatException {
        ImageNotes notes = ImageNotes.NONE;
        if (header.noteSize() != 0) {
            MemorySegment area = bytes(source, header.noteOffset(), header.noteSize(), "ELF note section");
            notes = NoteArea.read(area, "the ELF note section at file offset 0x" + Long.toHexString(header.noteOffset()),
                    new NoteArea.Layout(header.order(), header.wordBits(), header.elfMachine()), source.name());
        }
        if (header.vmcoreinfoSize() != 0) {
            MemorySegment text = bytes(source, header.vmcoreinfoOffset(), header.vmcoreinfoSize(), "VMCOREINFO");
            notes = new ImageNotes(notes.cpus(), NoteArea.vmcoreinfo(text));
        }
        return notes;
    }

    private static MemorySegment bytes(ByteSource source, long offset, long size, String what)
            throws ImageFormatException {
        if (size < 0 || size > MAX_NOTE_BYTES) {
            throw new ImageFormatException(source.name(), what + " of " + Long.toUnsignedString(size)
                    + " bytes is larger than the " + MAX_NOTE_BYTES + " bytes accepted");
        }
        byte[] bytes = new byte[(int) size];
        source.read(offset, bytes, 0, bytes.length, what);
        return MemorySegment.ofArray(bytes);
    }
}
