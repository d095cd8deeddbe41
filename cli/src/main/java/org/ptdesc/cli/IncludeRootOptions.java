package org.ptdesc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.source.IncludeRoots;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code -I DIR}: more directories includes may read from, searched in order after the
 * including file's own directory (as {@code protoc --proto_path}). A directory that does not
 * exist is a usage error, so that a typo does not turn into a puzzling "included file does not
 * exist".
 */
final class IncludeRootOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private final List<Path> directories = new ArrayList<>();

    @Option(names = {"-I", "--include-root"}, paramLabel = "DIR",
            description = "Also resolve includes in DIR (repeatable; searched in order after the including file's directory).")
    void add(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ParameterException(spec.commandLine(), "-I " + directory + ": not a directory");
        }
        directories.add(directory);
    }

    /** The roots for the compiler. */
    IncludeRoots roots() {
        return IncludeRoots.of(directories);
    }
}
