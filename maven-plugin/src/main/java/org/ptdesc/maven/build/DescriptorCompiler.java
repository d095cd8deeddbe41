package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.Map;

/**
 * The compiler as the build sees it: one descriptor file in, messages and classes out. The
 * plugin uses {@link PtdescCompiler}; tests substitute canned results.
 */
public interface DescriptorCompiler {

    /** A version stamp of the compiler: a change makes every descriptor stale. */
    String version();

    /** Compiles one descriptor with the given parameter overrides into classes of {@code packageName}. */
    CompiledDescriptor compile(Path descriptor, Map<String, Long> parameters, String packageName);
}
