package org.ptdesc.compiler;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ptdesc.compiler.codegen.WalkerGenerator;
import org.ptdesc.compiler.encode.EncodingDerivation;
import org.ptdesc.compiler.ir.Lowering;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.LoadCache;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.check.Checker;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceReader;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.DescriptorParser;
import org.ptdesc.compiler.syntax.SyntaxTree;
import org.ptdesc.runtime.TreeWalker;

/**
 * The compiler's front door. The pipeline, one stage per package:
 * {@link DescriptorParser#parse} (text to syntax tree; lexical and syntax errors),
 * {@link Checker#check} (includes, names, parameters, types, layout and rule analyses; a model
 * only when there was no error), {@link Lowering#lower} (model to {@link WalkerIr}; cannot fail).
 * It stops after the first stage that reported an error and never throws for bad input.
 */
public final class Ptdesc {

    /** The version of this compiler. */
    public static final String VERSION = CompilerVersion.VERSION;

    /** What {@link #load} compiled, shared by the whole JVM. */
    private static final LoadCache LOADED = new LoadCache(Ptdesc::compileForLoading, WalkerLoader.shared());

    private Ptdesc() {}

    /**
     * Parses, checks and lowers a file and its includes. Never throws for bad input; I/O errors
     * become diagnostics. {@code parameters} replace the values of the {@code param}s they name.
     */
    public static Compilation compile(Path file, Map<String, Long> parameters) {
        return compile(file, parameters, SourceReader.DISK);
    }

    /**
     * As {@link #compile(Path, Map)}, reading the file and every include through {@code reader},
     * each exactly once: what the reader returned is what was compiled.
     */
    public static Compilation compile(Path file, Map<String, Long> parameters, SourceReader reader) {
        String name = file.toString();
        byte[] bytes;
        try {
            bytes = reader.read(file);
        } catch (NoSuchFileException e) {
            return failure(name, "no such file");
        } catch (IOException | RuntimeException e) {
            return failure(name, SourceReader.reason(e));
        }
        return compile(SourceFile.fromBytes(name, bytes), parameters, reader);
    }

    /** Same for in-memory text; includes resolve relative to {@code fileName}'s directory. */
    public static Compilation compile(String fileName, String text, Map<String, Long> parameters) {
        return compile(new SourceFile(fileName, text), parameters, SourceReader.DISK);
    }

    private static Compilation compile(SourceFile source, Map<String, Long> parameters, SourceReader reader) {
        Diagnostics diagnostics = new Diagnostics();
        List<WalkerIr> trees = List.of();
        List<Path> inputs = List.of(inputPath(source.name()));
        try {
            Optional<SyntaxTree> syntax = DescriptorParser.parse(source, diagnostics);
            if (syntax.isPresent() && !diagnostics.hasErrors()) {
                Optional<Model> model = Checker.check(syntax.get(), parameters == null ? Map.of() : parameters,
                        diagnostics, reader);
                if (model.isPresent() && !diagnostics.hasErrors()) {
                    trees = Lowering.lower(model.get());
                    // A tree that states encodings ('sets') means to be built: prove them now.
                    trees.stream().filter(EncodingDerivation::statesEncodings)
                            .forEach(t -> EncodingDerivation.derive(t, diagnostics, source));
                    if (diagnostics.hasErrors()) {
                        trees = List.of();
                    }
                    inputs = model.get().sources().stream().map(Ptdesc::inputPath).toList();
                }
            }
        } catch (StackOverflowError e) {
            // The token screen bounds nesting, so this is a safety net, not a code path.
            diagnostics.report(DiagnosticCode.NESTING_TOO_DEEP, source, SourceSpan.ofFile(source.name()), "the stack");
            trees = List.of();
        }
        return new Compilation(diagnostics.all(), trees, inputs);
    }

    private static Path inputPath(String name) {
        try {
            return Path.of(name);
        } catch (RuntimeException e) {
            return Path.of("invalid-file-name");
        }
    }

    private static Compilation failure(String name, String reason) {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.report(DiagnosticCode.IO_ERROR, null, SourceSpan.ofFile(name), name, reason);
        return new Compilation(diagnostics.all(), List.of(), List.of(inputPath(name)));
    }

    /**
     * Compiles a file to walker classes for ahead-of-time use: one class per tree, in package
     * {@code packageName}, named after the tree ({@code x86_64} becomes {@code X86_64Walker}).
     * No classes when there is an error.
     */
    public static ClassCompilation compileClasses(Path file, Map<String, Long> parameters, String packageName) {
        Compilation c = compile(file, parameters);
        List<CompiledWalker> walkers = new ArrayList<>();
        for (WalkerIr ir : c.trees()) {
            String simple = WalkerGenerator.defaultClassName(ir);
            String className = packageName + simple.substring(simple.lastIndexOf('.'));
            walkers.add(new CompiledWalker(ir.name(), className, WalkerGenerator.generate(ir, className)));
        }
        return new ClassCompilation(c.diagnostics(), walkers, c.inputs());
    }

    /**
     * Compiles {@code file} at run time and returns the walker for {@code tree}, defined as an
     * ordinary class in a class loader of its own: it can be unloaded once unreachable, and its
     * frames show in stack traces as {@code file.ptdesc:line}. Compiled once per file content
     * and parameters: later calls return the same walker until a file read changes.
     *
     * @throws IllegalArgumentException with every diagnostic when the file has errors
     * @throws java.util.NoSuchElementException when the file has no tree of that name
     */
    public static TreeWalker load(Path file, String tree) {
        return load(file, tree, Map.of());
    }

    /** As {@link #load(Path, String)}, with parameter values. */
    public static TreeWalker load(Path file, String tree, Map<String, Long> parameters) {
        return LOADED.load(file, tree, parameters);
    }

    private static List<WalkerIr> compileForLoading(Path file, Map<String, Long> parameters, SourceReader reader) {
        Compilation c = compile(file, parameters, reader);
        if (c.hasErrors()) {
            throw new IllegalArgumentException(file + ": the descriptor has errors\n" + c.renderDiagnostics());
        }
        return c.trees();
    }
}
