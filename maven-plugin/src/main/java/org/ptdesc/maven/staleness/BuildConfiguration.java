package org.ptdesc.maven.staleness;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything besides the descriptor files that decides what a descriptor's classes look like, or
 * whether it compiles: the plugin's and the compiler's versions, the Java package, the parameter
 * overrides it is offered and which of them it must declare (its own, as opposed to plugin-wide
 * ones). A descriptor compiled under another configuration is stale, whatever its content.
 */
public record BuildConfiguration(String pluginVersion, String compilerVersion, String packageName,
                                 Map<String, Long> parameters, Set<String> required) {

    public BuildConfiguration {
        parameters = Map.copyOf(parameters);
        required = Set.copyOf(required);
    }

    /** A configuration whose overrides are all plugin-wide. */
    public BuildConfiguration(String pluginVersion, String compilerVersion, String packageName,
                              Map<String, Long> parameters) {
        this(pluginVersion, compilerVersion, packageName, parameters, Set.of());
    }

    /** A digest of this configuration that does not depend on the order of the parameters. */
    public String digest() {
        StringBuilder sb = new StringBuilder();
        sb.append("plugin=").append(pluginVersion).append('\n');
        sb.append("compiler=").append(compilerVersion).append('\n');
        sb.append("package=").append(packageName).append('\n');
        new TreeMap<>(parameters).forEach((k, v) -> sb.append(required.contains(k) ? "required." : "param.")
                .append(k).append('=').append(v).append('\n'));
        return Sha256.ofText(sb.toString());
    }
}
