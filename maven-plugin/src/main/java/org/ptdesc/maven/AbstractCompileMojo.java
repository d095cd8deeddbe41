package org.ptdesc.maven;

import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.ptdesc.maven.build.BuildReport;
import org.ptdesc.maven.build.BuildRequest;
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

    /** Where the classes and the service registration go. */
    abstract File outputDirectory();

    /** The goal's name, which prefixes the state file's. */
    abstract String goal();

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
