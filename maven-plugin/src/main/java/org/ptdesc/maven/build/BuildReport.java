package org.ptdesc.maven.build;

/**
 * What a build did: descriptors compiled, found up to date and removed, and the errors of the
 * descriptors that failed. {@link #failureSummary()} is the one-line reason a failed build gives.
 */
public record BuildReport(int compiled, int upToDate, int removed, int errors, int failedDescriptors) {

    /** True when some descriptor had errors. */
    public boolean failed() {
        return errors > 0 || failedDescriptors > 0;
    }

    /** For example {@code ptdesc: 2 errors in 1 descriptor}. */
    public String failureSummary() {
        return "ptdesc: " + count(errors, "error") + " in " + count(failedDescriptors, "descriptor");
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
