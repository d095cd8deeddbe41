package org.ptdesc.runtime.image;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The formats of memory images that the runtime itself tells apart by their first bytes. ELF
 * cores and LiME files are read here; the makedumpfile formats are read by an
 * {@link ImageReader} when one is on the class path, and otherwise refused with a message that
 * says what to do. Anything else is {@link #UNKNOWN}: never guessed to be raw memory.
 */
public enum ImageFormat {
    /** An ELF core file ({@code \x7fELF}): QEMU {@code dump-guest-memory}, Linux {@code /proc/vmcore}. */
    ELF_CORE,
    /** LiME ({@code EMiL}: magic 0x4C694D45 little-endian), the Linux Memory Extractor's range-header format. */
    LIME,
    /** makedumpfile's compressed kdump format ({@code KDUMP   }, also written by QEMU's {@code dump-guest-memory -z/-l/-s}). */
    KDUMP_COMPRESSED,
    /** The older diskdump format ({@code DISKDUMP}). */
    DISKDUMP,
    /** makedumpfile's flattened format ({@code makedumpfile} signature), written with {@code -F}. */
    MAKEDUMPFILE_FLATTENED,
    /** Anything else: a raw copy of memory, or no memory image at all; read only when the caller says raw. */
    UNKNOWN;

    /** The format of an image, from its first bytes. */
    public static ImageFormat detect(MemorySegment data) {
        if (startsWith(data, "\u007fELF")) {
            return ELF_CORE;
        }
        if (startsWith(data, "EMiL")) {
            return LIME;
        }
        if (startsWith(data, "KDUMP   ")) {
            return KDUMP_COMPRESSED;
        }
        if (startsWith(data, "DISKDUMP")) {
            return DISKDUMP;
        }
        if (startsWith(data, "makedumpfile\0")) {
            return MAKEDUMPFILE_FLATTENED;
        }
        return UNKNOWN;
    }

    private static boolean startsWith(MemorySegment data, String signature) {
        byte[] sig = signature.getBytes(StandardCharsets.ISO_8859_1);
        if (data.byteSize() < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (data.get(ValueLayout.JAVA_BYTE, i) != sig[i]) {
                return false;
            }
        }
        return true;
    }
}
