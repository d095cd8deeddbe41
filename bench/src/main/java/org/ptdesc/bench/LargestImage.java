package org.ptdesc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.image.ImageFile;
import org.ptdesc.runtime.image.ImageLimits;

/**
 * The largest bundled image, {@code samples/images/x86_64-4l-nokaslr-user} (a QEMU dump of a
 * Linux guest: 76 943 leaves, 2 205 tables), as the image benchmarks and probes walk it: its
 * dump file and the CR3 its {@code root.txt} gives.
 */
public record LargestImage(Path dump, long cr3) {

    /** The image's files, found beside the shipped descriptors ({@link SampleDescriptors}). */
    public static LargestImage find() {
        Path dir = SampleDescriptors.directory().resolveSibling("images").resolve("x86_64-4l-nokaslr-user");
        try {
            String cr3 = Files.readAllLines(dir.resolve("root.txt")).stream().filter(l -> l.startsWith("cr3="))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no cr3= line in " + dir.resolve("root.txt")));
            return new LargestImage(dir.resolve("dump.elf.gz"), Long.decode(cr3.substring(4)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dump's memory, decompressed into memory that lives as long as it is reachable. */
    public PhysicalMemory memory() {
        try {
            return ImageFile.open(dump, Arena.ofAuto(), ImageLimits.DEFAULT).memory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one root register value, as walks take it. */
    public long[] roots() {
        return new long[] {cr3};
    }
}
