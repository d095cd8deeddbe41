package org.ptdesc.compiler.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What the compiler agrees to read: a regular file of at most {@link #MAX_BYTES} bytes, whether
 * it is named on the command line or included. Anything else (a directory, a FIFO that would
 * block the read forever, a device such as {@code /dev/zero} that never ends) is refused from its
 * metadata, before it is opened. The read itself stops after {@code MAX_BYTES + 1} bytes, because
 * metadata can lie: files under {@code /proc} report a size of 0, and a file can grow between the
 * look and the read.
 */
public final class InputFile {

    /** Largest descriptor file read: far above any real descriptor (the largest shipped one is about 10 KiB). */
    public static final int MAX_BYTES = 1 << 20;

    private InputFile() {}

    /** Why {@code file} must not be read, as a diagnostic code and its argument; empty when it may be. */
    public static Optional<Refusal> refusal(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (!a.isRegularFile()) {
            return Optional.of(new Refusal(DiagnosticCode.NOT_A_REGULAR_FILE, kind(a)));
        }
        if (a.size() > MAX_BYTES) {
            return Optional.of(tooLarge());
        }
        return Optional.empty();
    }

    /** The refusal of a file with more than {@link #MAX_BYTES} bytes. */
    public static Refusal tooLarge() {
        return new Refusal(DiagnosticCode.FILE_TOO_LARGE, "1 MiB (" + MAX_BYTES + " bytes)");
    }

    /**
     * At most {@code MAX_BYTES + 1} bytes of {@code file}: one more than accepted, so that a caller
     * can tell a file at the limit from one over it without reading the rest.
     */
    public static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_BYTES + 1);
        }
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isDirectory()) {
            return "a directory";
        }
        if (a.isOther()) {
            return "a device, FIFO or socket";
        }
        return "a special file";
    }

    /** A file that is refused: the diagnostic to report and the detail it takes. */
    public record Refusal(DiagnosticCode code, String detail) {}
}
