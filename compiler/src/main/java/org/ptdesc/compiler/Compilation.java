package org.ptdesc.compiler;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ptdesc.compiler.codegen.WalkerGenerator;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Severity;

/**
 * The result of compiling one descriptor file, for every use: every diagnostic, the IR of each
 * tree of the file ({@code trees} is empty when there is an error), and every file read
 * ({@code inputs}: the file itself, then its includes; only the file itself when checking stopped
 * early), for staleness checks. {@link #walkers} generates the classes for ahead-of-time use.
 */
public record Compilation(List<Diagnostic> diagnostics, List<WalkerIr> trees, List<Path> inputs) {

    public Compilation {
        diagnostics = List.copyOf(diagnostics);
        trees = List.copyOf(trees);
        inputs = List.copyOf(inputs);
    }

    /** The file compiled, as it was named. */
    public Path file() {
        return inputs.getFirst();
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
     * One walker class per tree, in package {@code packageName}, named after the tree
     * ({@code x86_64} becomes {@code X86_64Walker}); none when there is an error.
     */
    public List<CompiledWalker> walkers(String packageName) {
        return trees.stream().map(ir -> {
            String className = walkerClassName(ir, packageName);
            return new CompiledWalker(ir.name(), className, WalkerGenerator.generate(ir, className));
        }).toList();
    }

    /** The binary name of the walker class of {@code ir} in {@code packageName}. */
    static String walkerClassName(WalkerIr ir, String packageName) {
        String simple = WalkerGenerator.defaultClassName(ir);
        return packageName + simple.substring(simple.lastIndexOf('.'));
    }

    /**
     * All diagnostics rendered, each as {@code file:line:col: error: message [P300]}, the source
     * line and a caret line; one per block, blocks separated by newlines, with a final newline
     * when there is any diagnostic.
     */
    public String renderDiagnostics() {
        return diagnostics.stream().map(d -> d.render() + "\n").collect(Collectors.joining());
    }
}
