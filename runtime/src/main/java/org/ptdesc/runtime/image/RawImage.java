package org.ptdesc.runtime.image;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * A raw image: a plain copy of physical memory (QEMU's {@code pmemsave}, {@code /dev/mem}
 * reads, a test's byte array). Byte {@code x} of the image is physical address {@code base +
 * x}; there is one range and no header.
 */
public final class RawImage {

    private RawImage() {}

    /**
     * The memory of a raw image.
     *
     * @param data the image's bytes (a mapped file, or any segment)
     * @param base the physical address of the first byte
     * @param name the file, as the user named it, for messages
     * @throws ImageFormatException if the image is empty or its last byte would lie past the top
     *     of the 64-bit physical address space
     */
    public static PhysicalMemory read(MemorySegment data, long base, String name) throws ImageFormatException {
        long size = data.byteSize();
        if (size == 0) {
            throw new ImageFormatException(name, "empty file");
        }
        if (Long.compareUnsigned(base + size - 1, base) < 0) {
            throw new ImageFormatException(name, "raw image of " + size + " bytes at base 0x" + Long.toHexString(base)
                    + " wraps around the top of the 64-bit address space");
        }
        return PhysicalMemory.of(data, List.of(new PhysicalMemory.Range(base, size, 0)),
                name + ": raw image at 0x" + Long.toHexString(base));
    }
}
