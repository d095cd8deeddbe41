package org.ptdesc.cli;

/**
 * A problem with what the user gave us (a descriptor with errors, an unreadable image, a
 * wrong option): printed as one clear message, never as a stack trace.
 */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }
}
