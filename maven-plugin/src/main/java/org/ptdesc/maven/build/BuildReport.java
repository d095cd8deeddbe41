package org.ptdesc.maven.build;

/**
 * What a build did: descriptors compiled, found up to date and removed, the errors of the
 * descriptors that failed, and errors of the configuration that no single descriptor owns (a
 * parameter no descriptor declares). {@link #failureSummary()} is the one-line reason a failed
 * build gives.
 */
public record BuildReport(int compiled, int upToDate, int removed, int errors, int failedDescriptors,
                          int configurationErrors) {

    /** A report without configuration errors. */
    public BuildReport(int compiled, int upToDate, int removed, int errors, int failedDescriptors) {
        this(compiled, upToDate, removed, errors, failedDescriptors, 0);
    }

    /** True when some descriptor had errors, or the configuration had. */
    public boolean failed() {
        return errors > 0 || failedDescriptors > 0 || configurationErrors > 0;
    }

    /** For example {@code ptdesc: 2 errors in 1 descriptor}, or {@code ptdesc: 1 error in the configuration}. */
    public String failureSummary() {
        String inDescriptors = count(errors, "error") + " in " + count(failedDescriptors, "descriptor");
        String inConfiguration = count(configurationErrors, "error") + " in the configuration";
        if (configurationErrors == 0) {
            return "ptdesc: " + inDescriptors;
        }
        return "ptdesc: " + (failedDescriptors == 0 ? inConfiguration : inDescriptors + ", " + inConfiguration);
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
