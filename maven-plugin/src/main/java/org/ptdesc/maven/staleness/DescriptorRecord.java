package org.ptdesc.maven.staleness;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one descriptor was last compiled from and into: the configuration digest, the digest of
 * every file the compiler read for it (the descriptor and its includes), and the binary names of
 * the walker classes it produced.
 *
 * @param source the descriptor's path relative to the source directory, with {@code /} separators
 */
public record DescriptorRecord(String source, String configuration, Map<Path, String> inputs, List<String> walkers) {

    public DescriptorRecord {
        inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
        walkers = List.copyOf(walkers);
    }

    /** The class file of a walker, relative to the output directory. */
    public static String classFile(String binaryName) {
        return binaryName.replace('.', '/') + ".class";
    }
}
