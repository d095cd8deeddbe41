package org.ptdesc.maven.staleness;

/**
 * What a build knows of the one before it, read from its state file: nothing (no state file, as
 * before a first build or after {@code mvn clean}), a recorded {@link BuildState}, or a state file
 * that exists but cannot be trusted. The last two differ in what the plugin may still own: after
 * a damaged state, any walker class in the output could be one of its own.
 */
public sealed interface LastBuild {

    /** No state file: this execution has never written classes to this output, as far as anyone knows. */
    record None() implements LastBuild {}

    /** The state the last build stored. */
    record Recorded(BuildState state) implements LastBuild {}

    /** A state file that is foreign, truncated, malformed or unreadable; {@code reason} says which. */
    record Damaged(String reason) implements LastBuild {}

    /** The known state: empty unless {@link Recorded}. */
    default BuildState state() {
        return switch (this) {
            case None n -> BuildState.empty();
            case Recorded r -> r.state();
            case Damaged d -> BuildState.empty();
        };
    }
}
