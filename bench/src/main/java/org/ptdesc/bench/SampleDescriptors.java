package org.ptdesc.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the shipped descriptors ({@code samples/descriptors} of the repository) from where the
 * benchmarks run: the repository root (the documented way to run {@code benchmarks.jar}), the
 * {@code bench} module (its tests), or wherever the {@code ptdesc.samples} system property
 * points.
 */
public final class SampleDescriptors {

    private SampleDescriptors() {}

    /** The descriptor directory. @throws IllegalStateException when it cannot be found */
    public static Path directory() {
        String property = System.getProperty("ptdesc.samples");
        List<Path> candidates = property != null
                ? List.of(Path.of(property))
                : List.of(Path.of("samples", "descriptors"), Path.of("..", "samples", "descriptors"));
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("no descriptor directory at " + candidates
                + ": run from the repository root or set -Dptdesc.samples=DIR");
    }

    /** The descriptor file {@code name} (for example {@code x86_64.ptdesc}). */
    public static Path file(String name) {
        Path p = directory().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no descriptor " + p);
        }
        return p;
    }

    /** The top-level {@code .ptdesc} files, sorted by name (subdirectories hold included parts). */
    public static List<String> names() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".ptdesc"))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
