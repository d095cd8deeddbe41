package org.ptdesc.cli;

/**
 * A malformed option value found after picocli's parsing (a {@code -P} value that is not a
 * number): reported like picocli's own usage errors, on one line, with exit status 2.
 */
final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
        super(message);
    }
}
