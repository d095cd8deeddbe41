package org.ptdesc.maven;

import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.ptdesc.maven.build.DescriptorCheck;
import org.ptdesc.maven.build.PtdescCompiler;

/**
 * Checks the descriptors and the declared pairs and shows every diagnostic as
 * {@code file:line:col: error: message}, failing the build on errors; writes nothing. Bound to {@code validate}, so a broken
 * descriptor stops the build before anything else runs.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true)
public class CheckMojo extends AbstractPtdescMojo {

    /** The directory of the descriptors. */
    @Parameter(property = "ptdesc.sourceDirectory", defaultValue = "${basedir}/src/main/ptdesc")
    private File sourceDirectory;

    @Override
    File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skipped()) {
            getLog().info("ptdesc: skipped");
            return;
        }
        try {
            failOnErrors(new DescriptorCheck(new PtdescCompiler(java.util.List.of(sourceDirectory().toPath())), buildLog())
                    .run(sources(), parameterOverrides(), packageName(), declaredPairs()));
        } catch (IOException e) {
            throw new MojoExecutionException("ptdesc: " + e, e);
        }
    }
}
