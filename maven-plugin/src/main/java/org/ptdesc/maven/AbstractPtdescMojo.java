package org.ptdesc.maven;

import java.io.File;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.ptdesc.compiler.PackageName;
import org.ptdesc.maven.build.BuildReport;
import org.ptdesc.maven.build.DeclaredPair;
import org.ptdesc.maven.build.ParameterOverrides;
import org.ptdesc.maven.build.ParameterValues;
import org.ptdesc.maven.build.SourceSelection;

/**
 * The parameters every ptdesc goal shares, and the mapping of a build report to Maven's two kinds
 * of failure: {@link MojoFailureException} for errors in descriptors (the user's to fix),
 * {@link MojoExecutionException} for everything else.
 */
abstract class AbstractPtdescMojo extends AbstractMojo {

    /** Descriptors to compile, relative to the source directory. Default: {@code **}{@code /*.ptdesc}. */
    @Parameter
    private List<String> includes;

    /** Descriptors to leave out (for example files that are only included by others). */
    @Parameter
    private List<String> excludes;

    /** The Java package of the generated walker classes. */
    @Parameter(property = "ptdesc.packageName", defaultValue = "org.ptdesc.walkers")
    private String packageName;

    /**
     * Values overriding the descriptors' {@code param}s, for example
     * {@code <parameters><MAXPHYADDR>46</MAXPHYADDR></parameters>}: each applies to the
     * descriptors that declare it, and must be declared by at least one.
     */
    @Parameter
    private Map<String, String> parameters;

    /**
     * Values for single descriptors, which win over {@code parameters} and must be declared by
     * their descriptor: {@code <descriptorParameter><descriptor>x86/x86_64.ptdesc</descriptor>
     * <parameters>...</parameters></descriptorParameter>}.
     */
    @Parameter
    private List<DescriptorParameter> descriptorParameters;

    /**
     * Pairs whose pair classes are generated too, for {@code NestedWalkers.find(guest, host)}
     * (and checked by {@code check}):
     * {@code <pair><guest>x86_64.ptdesc#x86_64</guest><host>intel_ept.ptdesc#intel_ept</host></pair>},
     * each side {@code FILE#TREE} with the file one of this goal's descriptors.
     */
    @Parameter
    private List<Pair> pairs;

    /** Skips the goal. */
    @Parameter(property = "ptdesc.skip", defaultValue = "false")
    private boolean skip;

    /** The plugin's version: part of the staleness key, so a new plugin regenerates everything. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    private String pluginVersion;

    /** The build directory, which holds the state of the last build. */
    @Parameter(defaultValue = "${project.build.directory}", readonly = true, required = true)
    private File buildDirectory;

    /** The directory of the descriptors this goal reads. */
    abstract File sourceDirectory();

    /** True when the goal should not run (besides {@code ptdesc.skip}). */
    boolean skipped() {
        return skip;
    }

    SourceSelection sources() {
        return SourceSelection.of(sourceDirectory().toPath(), includes, excludes);
    }

    String packageName() throws MojoFailureException {
        Optional<String> problem = PackageName.problem(packageName);
        if (problem.isPresent()) {
            throw new MojoFailureException("ptdesc: packageName: " + problem.get());
        }
        return packageName;
    }

    ParameterOverrides parameterOverrides() throws MojoFailureException {
        List<Map.Entry<String, Map<String, String>>> perDescriptor = new ArrayList<>();
        if (descriptorParameters != null) {
            for (DescriptorParameter d : descriptorParameters) {
                // SimpleEntry, not Map.entry: either part may be missing from the POM.
                perDescriptor.add(new AbstractMap.SimpleEntry<>(d.getDescriptor(), d.getParameters()));
            }
        }
        try {
            return ParameterValues.overrides(parameters, perDescriptor);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    List<DeclaredPair> declaredPairs() throws MojoFailureException {
        List<Map.Entry<String, String>> declared = new ArrayList<>();
        if (pairs != null) {
            for (Pair p : pairs) {
                // SimpleEntry, not Map.entry: either side may be missing from the POM.
                declared.add(new AbstractMap.SimpleEntry<>(p.getGuest(), p.getHost()));
            }
        }
        try {
            return DeclaredPair.parse(declared);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    String pluginVersion() {
        return pluginVersion;
    }

    File buildDirectory() {
        return buildDirectory;
    }

    MavenBuildLog buildLog() {
        return new MavenBuildLog(getLog());
    }

    static void failOnErrors(BuildReport report) throws MojoFailureException {
        if (report.failed()) {
            throw new MojoFailureException(report.failureSummary());
        }
    }
}
