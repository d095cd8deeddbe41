package org.ptdesc.maven.staleness;

import java.util.Optional;

/**
 * Whether a descriptor must be compiled again, and why; the reason is logged, so that a user who
 * wonders why a build regenerated (or did not) can tell.
 */
public sealed interface Verdict {

    /** The descriptor and everything it read are as last compiled, and its classes are in place. */
    record UpToDate(DescriptorRecord record) implements Verdict {}

    /** The descriptor must be compiled; {@code previous} is its last record, if it had one. */
    record Stale(String source, Reason reason, String detail, Optional<DescriptorRecord> previous)
            implements Verdict {}

    /** Why a descriptor is stale. */
    enum Reason {
        /** Never compiled (or its last compilation failed). */
        NEW,
        /** The plugin version, compiler version, package name or parameters changed. */
        CONFIGURATION_CHANGED,
        /** The descriptor or one of its includes changed or disappeared. */
        INPUT_CHANGED,
        /** A class file it produced is gone from the output directory. */
        OUTPUT_MISSING
    }

    /** The descriptor's path relative to the source directory. */
    default String source() {
        return switch (this) {
            case UpToDate u -> u.record().source();
            case Stale s -> s.source();
        };
    }
}
