package org.ptdesc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles {@code src/main/ptdesc/**}{@code /*.ptdesc} into walker classes in
 * {@code target/classes}, registered in {@code META-INF/services/org.ptdesc.runtime.TreeWalker}
 * so that {@code Walkers.find("tree")} loads them. Incremental: only descriptors whose content,
 * includes or configuration changed are compiled again.
 *
 * <p>Bound to {@code process-resources}: after the resources are copied, so that the service
 * file merges with one a project ships itself, and before {@code compile}, so the classes are in
 * place when the project's own code is compiled.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.PROCESS_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractCompileMojo {

    /** The directory of the descriptors. */
    @Parameter(property = "ptdesc.sourceDirectory", defaultValue = "${basedir}/src/main/ptdesc")
    private File sourceDirectory;

    /** Where the walker classes go. */
    @Parameter(property = "ptdesc.outputDirectory", defaultValue = "${project.build.outputDirectory}")
    private File outputDirectory;

    @Override
    File sourceDirectory() {
        return sourceDirectory;
    }

    @Override
    File outputDirectory() {
        return outputDirectory;
    }

    @Override
    String goal() {
        return "compile";
    }
}
