package org.ptdesc.compiler;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Severity;

/**
 * The result of compiling a descriptor file ahead of time: every diagnostic, one class per tree
 * (none when there is an error), and every file read, for staleness checks.
 */
public record ClassCompilation(List<Diagnostic> diagnostics, List<CompiledWalker> walkers, List<Path> inputs) {

    public ClassCompilation {
        diagnostics = List.copyOf(diagnostics);
        walkers = List.copyOf(walkers);
        inputs = List.copyOf(inputs);
    }

    /** True when a diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** Every diagnostic rendered as {@code file:line:col: error: message}, the source line and a caret line. */
    public String renderDiagnostics() {
        return diagnostics.stream().map(d -> d.render() + "\n").collect(Collectors.joining());
    }
}
