package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The descriptors of a build: the files under a source directory that match an include pattern
 * and no exclude pattern, as sorted relative paths, so that builds visit them in the same order
 * on every machine.
 */
public record SourceSelection(Path directory, List<AntPattern> includes, List<AntPattern> excludes) {

    /** The default include pattern. */
    public static final String DEFAULT_INCLUDE = "**/*.ptdesc";

    public SourceSelection {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
    }

    /** A selection from pattern strings; no includes means {@link #DEFAULT_INCLUDE}. */
    public static SourceSelection of(Path directory, List<String> includes, List<String> excludes) {
        List<String> inc = includes == null || includes.isEmpty() ? List.of(DEFAULT_INCLUDE) : includes;
        List<String> exc = excludes == null ? List.of() : excludes;
        return new SourceSelection(directory, inc.stream().map(AntPattern::of).toList(),
                exc.stream().map(AntPattern::of).toList());
    }

    /** The selected descriptors relative to {@link #directory()}, sorted; none when it does not exist. */
    public List<String> scan() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> directory.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/"))
                    .filter(this::selects)
                    .sorted()
                    .toList();
        }
    }

    /** True when a relative path is included and not excluded. */
    public boolean selects(String relativePath) {
        return includes.stream().anyMatch(p -> p.matches(relativePath))
                && excludes.stream().noneMatch(p -> p.matches(relativePath));
    }
}
