package org.ptdesc.runtime.image;

import org.ptdesc.runtime.PhysicalMemory;

/**
 * An opened memory image: its physical memory, the name of its format, and what its notes say
 * (CPU registers, VMCOREINFO), so that a walk can find its roots without the user.
 *
 * @param memory the physical memory the image holds
 * @param format the format's short name, as {@link ImageReader#format()} gives it
 * @param notes the notes the image carries; {@link ImageNotes#NONE} for formats without notes
 */
public record MemoryImage(PhysicalMemory memory, String format, ImageNotes notes) {}
