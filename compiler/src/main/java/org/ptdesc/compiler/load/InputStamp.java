package org.ptdesc.compiler.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the {@link LoadCache} knows of one input file as it was compiled: its size and
 * modification time when it was read, and a SHA-256 of the bytes the compiler got. A later
 * check trusts equal size and time without reading the file, unless the time was too recent to
 * tell an edit in the same clock tick from none ({@code settled} false, as git's "racily clean"
 * entries); then, or when size or time differ, it hashes the file and compares contents.
 */
record InputStamp(Path path, long size, FileTime modified, boolean settled, byte[] sha256) {

    /** Modification times closer than this to the moment of reading are not trusted. */
    private static final Duration GRANULARITY = Duration.ofSeconds(2);

    /** Files hashed, for tests that a cache hit reads nothing. */
    static final AtomicLong HASHED = new AtomicLong();

    /**
     * Reads {@code path}, taking its metadata first: an edit after that moment changes the
     * metadata that later checks see, so it cannot pass for the content read here.
     */
    static Read read(Path path) throws IOException {
        BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class);
        byte[] bytes = Files.readAllBytes(path);
        return new Read(bytes, new InputStamp(path, before.size(), before.lastModifiedTime(),
                settled(before.lastModifiedTime()), sha256(bytes)));
    }

    /** The bytes read and their stamp. */
    record Read(byte[] bytes, InputStamp stamp) {}

    /**
     * This stamp when the file still has the content it was compiled from (refreshed when only
     * its metadata moved); null when the content changed or the file cannot be read.
     */
    InputStamp recheck() {
        try {
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
            if (settled && now.size() == size && now.lastModifiedTime().equals(modified)) {
                return this;
            }
            if (now.size() != size) {
                return null;
            }
            byte[] bytes = Files.readAllBytes(path);
            if (!Arrays.equals(sha256(bytes), sha256)) {
                return null;
            }
            return new InputStamp(path, size, now.lastModifiedTime(), settled(now.lastModifiedTime()), sha256);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean settled(FileTime modified) {
        return modified.toInstant().plus(GRANULARITY).isBefore(Instant.now());
    }

    private static byte[] sha256(byte[] bytes) {
        HASHED.incrementAndGet();
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
