package org.ptdesc.compiler;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Severity;

/**
 * The result of compiling one descriptor file: every diagnostic, and the IR of each tree of the
 * file ({@code trees} is empty when there is an error).
 */
public record Compilation(List<Diagnostic> diagnostics, List<WalkerIr> trees) {

    public Compilation {
        diagnostics = List.copyOf(diagnostics);
        trees = List.copyOf(trees);
    }

    /** True when a diagnostic is an error. */
    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(d -> d.severity() == Severity.ERROR);
    }

    /** The tree named {@code name}. */
    public Optional<WalkerIr> tree(String name) {
        return trees.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * All diagnostics rendered, each as {@code file:line:col: error: message}, the source line and
     * a caret line; one per block, blocks separated by newlines, with a final newline when there
     * is any diagnostic.
     */
    public String renderDiagnostics() {
        return diagnostics.stream().map(d -> d.render() + "\n").collect(Collectors.joining());
    }
}
