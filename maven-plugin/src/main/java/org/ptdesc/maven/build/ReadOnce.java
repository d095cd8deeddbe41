package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ptdesc.compiler.source.SourceReader;
import org.ptdesc.maven.staleness.Sha256;

/**
 * The compiler's {@link SourceReader} for one compilation: reads each file once and hands out
 * the same bytes when asked again, so the digest it keeps of each file is the digest of exactly
 * what was compiled. A file edited while it is being compiled is then recorded in the version
 * that was compiled, and the next build sees the edit as a change: no digest taken before or
 * after the compilation has to agree with it.
 */
final class ReadOnce implements SourceReader {

    private final Map<Path, byte[]> read = new LinkedHashMap<>();

    @Override
    public synchronized byte[] read(Path file) throws IOException {
        Path key = normalized(file);
        byte[] bytes = read.get(key);
        if (bytes == null) {
            bytes = Files.readAllBytes(file);
            read.put(key, bytes);
        }
        return bytes.clone();
    }

    /** The digest of the bytes of {@code file} that were read, if it was read. */
    synchronized Optional<String> digest(Path file) {
        return Optional.ofNullable(read.get(normalized(file))).map(Sha256::ofBytes);
    }

    static Path normalized(Path file) {
        return file.toAbsolutePath().normalize();
    }
}
