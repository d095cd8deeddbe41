package org.ptdesc.view;

import java.util.List;

/**
 * Something a reader of a picture wants to see at once: a kind, a sentence saying what is
 * wrong, and the address ranges where it happens (joined where they touch).
 */
public record Warning(Kind kind, String text, List<long[]> ranges) {

    /** The kinds of warning the picture raises. */
    public enum Kind {
        /** Mapped writable and executable at once. */
        WRITABLE_EXECUTABLE,
        /** A kernel-half address that user mode may access. */
        USER_KERNEL
    }

    public Warning {
        ranges = List.copyOf(ranges);
    }
}
