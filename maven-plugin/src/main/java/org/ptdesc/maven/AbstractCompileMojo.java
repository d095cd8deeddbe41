package org.ptdesc.maven;

import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.ptdesc.maven.build.BuildReport;
import org.ptdesc.maven.build.BuildRequest;
import org.ptdesc.maven.build.PtdescCompiler;
import org.ptdesc.maven.build.WalkerBuild;

/** The two compiling goals: they differ only in their directories and state file. */
abstract class AbstractCompileMojo extends AbstractPtdescMojo {

    /** Where the classes and the service registration go. */
    abstract File outputDirectory();

    /** The state file's name under {@code target/ptdesc/}. */
    abstract String stateFileName();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            getLog().info("ptdesc: skipped");
            return;
        }
        BuildRequest request = new BuildRequest(sources(), outputDirectory().toPath(),
                buildDirectory().toPath().resolve("ptdesc").resolve(stateFileName()), packageName(),
                parameterValues(), pluginVersion());
        BuildReport report;
        try {
            report = new WalkerBuild(new PtdescCompiler(), buildLog()).run(request);
        } catch (IOException e) {
            throw new MojoExecutionException("ptdesc: " + e, e);
        }
        failOnErrors(report);
    }
}
