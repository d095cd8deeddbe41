package org.ptdesc.maven;

import java.io.File;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.ptdesc.maven.build.BuildReport;
import org.ptdesc.maven.build.BuildRequest;
import org.ptdesc.maven.build.DeclaredPair;
import org.ptdesc.maven.build.PtdescCompiler;
import org.ptdesc.maven.build.WalkerBuild;

/**
 * The two compiling goals: they differ only in their directories and goal name. Each execution
 * keeps its own state file, {@code target/ptdesc/GOAL-EXECUTION.state}, so that two executions
 * with different includes do not take each other's classes for those of deleted descriptors.
 * Both generate the pair classes of the {@code <pairs>} they declare.
 */
abstract class AbstractCompileMojo extends AbstractPtdescMojo {

    /** The id of this execution of the goal. */
    @Parameter(defaultValue = "${mojoExecution.executionId}", readonly = true, required = true)
    private String executionId;

    /**
     * Pairs whose pair classes are generated too, for {@code NestedWalkers.find(guest, host)}:
     * {@code <pair><guest>x86_64.ptdesc#x86_64</guest><host>intel_ept.ptdesc#intel_ept</host></pair>},
     * each side {@code FILE#TREE} with the file one of this goal's descriptors.
     */
    @Parameter
    private List<Pair> pairs;

    /** Where the classes and the service registration go. */
    abstract File outputDirectory();

    /** The goal's name, which prefixes the state file's. */
    abstract String goal();

    private List<DeclaredPair> declaredPairs() throws MojoFailureException {
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

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            getLog().info("ptdesc: skipped");
            return;
        }
        BuildRequest request = new BuildRequest(sources(), outputDirectory().toPath(),
                buildDirectory().toPath().resolve("ptdesc").resolve(goal() + "-" + executionId + ".state"), packageName(),
                parameterOverrides(), pluginVersion(), declaredPairs());
        BuildReport report;
        try {
            report = new WalkerBuild(new PtdescCompiler(java.util.List.of(sourceDirectory().toPath())), buildLog()).run(request);
        } catch (IOException e) {
            throw new MojoExecutionException("ptdesc: " + e, e);
        }
        failOnErrors(report);
    }
}
