package org.ptdesc.maven.build;

import java.nio.file.Path;

/**
 * One run of the plugin, as the mojo configured it: which descriptors, where classes go, where
 * the state of the last build is kept, and the configuration the classes are generated with.
 */
public record BuildRequest(SourceSelection sources, Path outputDirectory, Path stateFile, String packageName,
                           ParameterOverrides parameters, String pluginVersion) {}
