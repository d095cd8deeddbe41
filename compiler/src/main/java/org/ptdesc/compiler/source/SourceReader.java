package org.ptdesc.compiler.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the compiler gets the bytes of a file it reads: the descriptor named on the command line
 * and every file it includes. The compiler reads each input exactly once, through one reader,
 * so a caller that needs to know what was compiled (the run-time cache digests every input)
 * sees the very bytes the compilation used rather than reading the files again afterwards.
 */
@FunctionalInterface
public interface SourceReader {

    /** Reads from the file system. */
    SourceReader DISK = Files::readAllBytes;

    /** The whole content of {@code file}. */
    byte[] read(Path file) throws IOException;

    /** A short reason for an I/O failure, for a diagnostic: no exception class names. */
    static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "I/O error" : m;
    }
}
