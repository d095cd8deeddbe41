/**
 * Readers of memory images: files that hold a machine's physical memory, turned into
 * {@link org.ptdesc.runtime.PhysicalMemory}. Most callers use the factories on
 * {@code PhysicalMemory} ({@code open}, {@code elfCore}, {@code raw}); this package holds what
 * they call. {@link org.ptdesc.runtime.image.ImageFile} maps a file (decompressing gzip) and
 * picks a reader by {@link org.ptdesc.runtime.image.ImageFormat};
 * {@link org.ptdesc.runtime.image.ElfCore} reads ELF cores (QEMU {@code dump-guest-memory},
 * Linux kdump) and {@link org.ptdesc.runtime.image.RawImage} raw copies of memory;
 * {@link org.ptdesc.runtime.image.NoteArea} reads ELF notes (CPU registers, VMCOREINFO) for
 * every reader that finds them. Every file
 * that cannot be read for what it contains gives an
 * {@link org.ptdesc.runtime.image.ImageFormatException} naming the file and the problem.
 *
 * <p>Ownership: readers never copy an image into the heap; the memory they return reads from a
 * segment in the arena the caller passed, and lives exactly as long as that arena.
 */
package org.ptdesc.runtime.image;
