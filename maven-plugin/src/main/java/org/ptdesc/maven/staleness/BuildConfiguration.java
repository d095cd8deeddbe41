package org.ptdesc.maven.staleness;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything besides the descriptor files that decides what the generated classes look like:
 * the plugin's and the compiler's versions, the Java package and the parameter overrides. A
 * descriptor compiled under another configuration is stale, whatever its content.
 */
public record BuildConfiguration(String pluginVersion, String compilerVersion, String packageName,
                                 Map<String, Long> parameters) {

    public BuildConfiguration {
        parameters = Map.copyOf(parameters);
    }

    /** A digest of this configuration that does not depend on the order of the parameters. */
    public String digest() {
        StringBuilder sb = new StringBuilder();
        sb.append("plugin=").append(pluginVersion).append('\n');
        sb.append("compiler=").append(compilerVersion).append('\n');
        sb.append("package=").append(packageName).append('\n');
        new TreeMap<>(parameters).forEach((k, v) -> sb.append("param.").append(k).append('=').append(v).append('\n'));
        return Sha256.ofText(sb.toString());
    }
}
