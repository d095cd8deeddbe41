package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.ptdesc.maven.staleness.DescriptorRecord;
import org.ptdesc.maven.staleness.Sha256;

/**
 * Compiles a descriptor so that the digests recorded for its inputs are those of the bytes the
 * compiler read, and an edit made during the compilation is never recorded as built. The
 * compiler's class-compiling entry point takes a path and reads the descriptor and its includes
 * itself, so the plugin cannot digest the very bytes it compiles; instead it digests every input
 * it knows of before the compilation and every input the compilation read after it, and accepts
 * the result when the two agree (a file that changed in between may have been read in either
 * version). A compilation that read an input unknown before it (a new include) is repeated once,
 * now with that input digested first. When the inputs still disagree after {@value #ATTEMPTS}
 * attempts, the classes of the last attempt are kept, but each disagreeing input is recorded as
 * {@link DescriptorRecord#CHANGED_DURING_BUILD}, so the next build compiles the descriptor again.
 */
final class ConsistentCompilation {

    /** Compilations of one descriptor before giving up on inputs that keep changing. */
    static final int ATTEMPTS = 3;

    /** Digest of an input that cannot be read: matches no file's digest. */
    private static final String UNREADABLE = "unreadable";

    private ConsistentCompilation() {}

    /**
     * The compilation and the digests to record for its inputs.
     *
     * @param unsettled inputs that changed during every attempt (recorded as changed during build)
     */
    record Outcome(CompiledDescriptor compiled, Map<Path, String> inputs, List<Path> unsettled) {}

    /**
     * Compiles with {@code compile} until its inputs did not change during it.
     *
     * @param file the descriptor (absolute, normalized)
     * @param known its includes as the last build recorded them, digested before compiling too
     */
    static Outcome run(Path file, Collection<Path> known, Supplier<CompiledDescriptor> compile) {
        Map<Path, String> before = new LinkedHashMap<>();
        before.put(file, digest(file));
        known.forEach(p -> before.put(normalized(p), digest(p)));
        for (int attempt = 1; ; attempt++) {
            CompiledDescriptor result = compile.get();
            if (result.errorCount() > 0) {
                // Not recorded: a descriptor with errors is compiled again next time anyway.
                return new Outcome(result, Map.of(), List.of());
            }
            Map<Path, String> after = new LinkedHashMap<>();
            after.put(file, digest(file));
            result.inputs().forEach(p -> after.putIfAbsent(normalized(p), digest(p)));
            List<Path> disagreeing = new ArrayList<>();
            after.forEach((p, d) -> {
                if (!d.equals(before.get(p))) {
                    disagreeing.add(p);
                }
            });
            if (disagreeing.isEmpty()) {
                return new Outcome(result, after, List.of());
            }
            if (attempt == ATTEMPTS) {
                disagreeing.forEach(p -> after.put(p, DescriptorRecord.CHANGED_DURING_BUILD));
                return new Outcome(result, after, disagreeing);
            }
            before.putAll(after);
        }
    }

    private static Path normalized(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private static String digest(Path file) {
        try {
            return Sha256.ofFile(file);
        } catch (IOException e) {
            // Missing or unreadable: as good as changed. The compiler reports its own error when
            // it could not read a file; one that vanished after it was read is compiled again.
            return UNREADABLE;
        }
    }
}
