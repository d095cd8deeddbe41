package org.ptdesc.maven.staleness;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one descriptor was last compiled from and into: the configuration digest, the digest of
 * every file the compiler read for it (the descriptor and its includes), the binary names of the
 * walker classes it produced, and the plugin-wide parameters it was offered but does not declare
 * (so that an up-to-date build can still tell a parameter that no descriptor declares).
 *
 * @param source the descriptor's path relative to the source directory, with {@code /} separators
 */
public record DescriptorRecord(String source, String configuration, Map<Path, String> inputs, List<String> walkers,
                               SortedSet<String> undeclaredParameters) {

    public DescriptorRecord {
        inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
        walkers = List.copyOf(walkers);
        undeclaredParameters = Collections.unmodifiableSortedSet(new TreeSet<>(undeclaredParameters));
    }

    /** A record of a descriptor that was offered no parameter it does not declare. */
    public DescriptorRecord(String source, String configuration, Map<Path, String> inputs, List<String> walkers) {
        this(source, configuration, inputs, walkers, new TreeSet<>());
    }

    /** The class file of a walker, relative to the output directory. */
    public static String classFile(String binaryName) {
        return binaryName.replace('.', '/') + ".class";
    }
}
