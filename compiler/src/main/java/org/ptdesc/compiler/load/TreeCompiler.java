package org.ptdesc.compiler.load;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.SourceReader;

/**
 * How the {@link LoadCache} compiles a file: the front end as one function, passed in by the
 * facade so that this package does not depend on it. It must read the file and every include
 * through {@code reader}, once each, so that the cache records exactly the bytes compiled.
 */
@FunctionalInterface
public interface TreeCompiler {

    /**
     * The IR of every tree of {@code file}.
     *
     * @throws IllegalArgumentException with every diagnostic when the file has errors
     */
    List<WalkerIr> compile(Path file, Map<String, Long> parameters, SourceReader reader);
}
