package org.ptdesc.maven.staleness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as lower-case hex, of files and of text. Staleness is keyed on content, not on
 * timestamps, so a checkout, a {@code touch} or a copy that keeps the bytes regenerates nothing.
 */
public final class Sha256 {

    private Sha256() {}

    /** The digest of a file's bytes. */
    public static String ofFile(Path file) throws IOException {
        return ofBytes(Files.readAllBytes(file));
    }

    /** The digest of a text's UTF-8 bytes. */
    public static String ofText(String text) {
        return ofBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of some bytes. */
    public static String ofBytes(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest's contract).
            throw new AssertionError(e);
        }
    }
}
