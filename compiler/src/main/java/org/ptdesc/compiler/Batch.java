package org.ptdesc.compiler;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ptdesc.compiler.source.Diagnostic;

/**
 * The result of compiling several files as one run ({@link Ptdesc#compileAll}): one
 * {@link Compilation} per file, in the order given, and the diagnostics of the run as a whole
 * (an override that no file declares), which belong to no single file.
 */
public record Batch(List<Compilation> files, List<Diagnostic> diagnostics) {

    public Batch {
        files = List.copyOf(files);
        diagnostics = List.copyOf(diagnostics);
    }

    /** True when a file or the run has an error. */
    public boolean hasErrors() {
        return files.stream().anyMatch(Compilation::hasErrors) || diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** Every diagnostic of every file, then those of the run, rendered as {@link Compilation#renderDiagnostics} does. */
    public String renderDiagnostics() {
        return Stream.concat(files.stream().flatMap(c -> c.diagnostics().stream()), diagnostics.stream())
                .map(d -> d.render() + "\n").collect(Collectors.joining());
    }
}
