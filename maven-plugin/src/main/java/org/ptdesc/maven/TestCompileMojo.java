package org.ptdesc.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles the test descriptors, {@code src/test/ptdesc/**}{@code /*.ptdesc}, into walker classes
 * in {@code target/test-classes}: walkers that only the project's tests use. Skipped with
 * {@code maven.test.skip}, like the test compilation of Java sources.
 */
@Mojo(name = "test-compile", defaultPhase = LifecyclePhase.PROCESS_TEST_RESOURCES, threadSafe = true)
public class TestCompileMojo extends AbstractCompileMojo {

    /** The directory of the test descriptors. */
    @Parameter(property = "ptdesc.testSourceDirectory", defaultValue = "${basedir}/src/test/ptdesc")
    private File testSourceDirectory;

    /** Where the test walker classes go. */
    @Parameter(property = "ptdesc.testOutputDirectory", defaultValue = "${project.build.testOutputDirectory}")
    private File testOutputDirectory;

    /** Set by {@code -Dmaven.test.skip=true}: no tests, so no test walkers. */
    @Parameter(property = "maven.test.skip", defaultValue = "false")
    private boolean skipTests;

    @Override
    boolean skipped() {
        return skipTests || super.skipped();
    }

    @Override
    File sourceDirectory() {
        return testSourceDirectory;
    }

    @Override
    File outputDirectory() {
        return testOutputDirectory;
    }

    @Override
    String goal() {
        return "test-compile";
    }
}
