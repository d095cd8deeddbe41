package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of the plugin, as the mojo configured it: which descriptors, where classes go, where
 * the state of the last build is kept, the configuration the classes are generated with, and the
 * declared pairs whose pair classes are generated too.
 */
public record BuildRequest(SourceSelection sources, Path outputDirectory, Path stateFile, String packageName,
                           ParameterOverrides parameters, String pluginVersion, List<DeclaredPair> pairs) {

    public BuildRequest {
        pairs = List.copyOf(pairs);
    }

    /** A run without pairs. */
    public BuildRequest(SourceSelection sources, Path outputDirectory, Path stateFile, String packageName,
                        ParameterOverrides parameters, String pluginVersion) {
        this(sources, outputDirectory, stateFile, packageName, parameters, pluginVersion, List.of());
    }
}
