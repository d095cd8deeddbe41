package org.ptdesc.compiler;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ptdesc.compiler.check.Checker;
import org.ptdesc.compiler.codegen.CompilerVersion;
import org.ptdesc.compiler.codegen.NestedWalkerGenerator;
import org.ptdesc.compiler.encode.EncodingDerivation;
import org.ptdesc.compiler.ir.Lowering;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.LoadCache;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.compiler.model.Model;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.IncludeRoots;
import org.ptdesc.compiler.source.InputFile;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceReader;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.DescriptorParser;
import org.ptdesc.compiler.syntax.SyntaxTree;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.TreeWalker;

/**
 * The compiler's front door. The pipeline, one stage per package:
 * {@link DescriptorParser#parse} (text to syntax tree; lexical and syntax errors),
 * {@link Checker#check} (includes, names, parameters, types, layout and rule analyses; a model
 * only when there was no error), {@link Lowering#lower} (model to {@link WalkerIr}; cannot fail),
 * then {@link ClassFileFit} (each walker class generated once: one that breaks a class-file limit
 * is an error, so what checks clean compiles);
 * {@link Compilation#walkers} generates classes, {@link #load} loads them.
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
     * become diagnostics. {@code parameters} replace the values of the {@code param}s they name;
     * one that names no parameter of the file is an error.
     */
    public static Compilation compile(Path file, Map<String, Long> parameters) {
        return compile(file, parameters, SourceReader.DISK);
    }

    /**
     * As {@link #compile(Path, Map)}, reading the file and every include through {@code reader},
     * each exactly once: what the reader returned is what was compiled.
     */
    public static Compilation compile(Path file, Map<String, Long> parameters, SourceReader reader) {
        return compile(file, reader, IncludeRoots.NONE, syntax -> parameters);
    }

    /**
     * As {@link #compile(Path, Map)}, with includes also resolved against {@code roots} (the
     * command line's {@code -I} directories, the Maven plugin's source directory).
     */
    public static Compilation compile(Path file, Map<String, Long> parameters, IncludeRoots roots) {
        return compile(file, SourceReader.DISK, roots, syntax -> parameters);
    }

    /** Both: reading through {@code reader}, with includes also resolved against {@code roots}. */
    public static Compilation compile(Path file, Map<String, Long> parameters, SourceReader reader, IncludeRoots roots) {
        return compile(file, reader, roots, syntax -> parameters);
    }

    /** Same for in-memory text; includes resolve relative to {@code fileName}'s directory. */
    public static Compilation compile(String fileName, String text, Map<String, Long> parameters) {
        return compile(new SourceFile(fileName, text), SourceReader.DISK, IncludeRoots.NONE, syntax -> parameters);
    }

    /**
     * Compiles several files as one run (the command line's {@code ptdesc check a b} and
     * {@code ptdesc compile a b}): each override applies to the files that declare a parameter of
     * that name and is ignored by the others, and an override that no file of the run declares is
     * an error of the run ({@link Batch#diagnostics}). It is not reported while a file's includes
     * cannot be read, since that file's parameters are then unknown. A run of one file is
     * {@link #compile(Path, Map)}: an override it does not declare is its own error (P203).
     */
    public static Batch compileAll(List<Path> files, Map<String, Long> parameters) {
        return compileAll(files, parameters, IncludeRoots.NONE);
    }

    /** As {@link #compileAll(List, Map)}, with includes also resolved against {@code roots}. */
    public static Batch compileAll(List<Path> files, Map<String, Long> parameters, IncludeRoots roots) {
        if (files.size() == 1) {
            return new Batch(List.of(compile(files.getFirst(), parameters, roots)), List.of());
        }
        List<Compilation> compiled = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        boolean allKnown = true;
        for (Path file : files) {
            boolean[] known = {false};
            compiled.add(compile(file, SourceReader.DISK, roots, syntax -> {
                Optional<Set<String>> names = Checker.declaredParameters(syntax, SourceReader.DISK, roots);
                names.ifPresent(declared::addAll);
                known[0] = names.isPresent();
                return parameters.entrySet().stream().filter(e -> names.orElse(Set.of()).contains(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            }));
            allKnown &= known[0];
        }
        Diagnostics run = new Diagnostics();
        if (allKnown && !files.isEmpty()) {
            for (String name : new TreeSet<>(parameters.keySet())) {
                if (!declared.contains(name)) {
                    run.report(DiagnosticCode.UNKNOWN_PARAMETER_OVERRIDE_IN_RUN, null,
                            SourceSpan.ofFile(files.getFirst().toString()), name, files.size());
                }
            }
        }
        return new Batch(compiled, run.all());
    }

    /**
     * Trees of different files whose walker classes in {@code packageName} would have the same
     * name, or names that differ only in case (one class file on a case-insensitive file system),
     * as errors located at the later file. The same check the checker makes within one file.
     */
    public static List<Diagnostic> walkerClassClashes(List<Compilation> compilations, String packageName) {
        return WalkerClassClash.find(compilations, packageName);
    }

    /**
     * The one place a named file is read: only a regular file of at most
     * {@link InputFile#MAX_BYTES} bytes, so that {@code check /dev/zero} or a FIFO is an error,
     * not an exhausted heap or a hang.
     */
    private static Compilation compile(Path file, SourceReader reader, IncludeRoots roots,
            Function<SyntaxTree, Map<String, Long>> overrides) {
        String name = file.toString();
        byte[] bytes;
        try {
            Optional<InputFile.Refusal> refusal = InputFile.refusal(file);
            if (refusal.isPresent()) {
                return refused(name, refusal.get());
            }
            bytes = reader.read(file);
        } catch (NoSuchFileException e) {
            return failure(name, "no such file");
        } catch (IOException | RuntimeException e) {
            return failure(name, SourceReader.reason(e));
        }
        if (bytes.length > InputFile.MAX_BYTES) {
            return refused(name, InputFile.tooLarge());
        }
        return compile(SourceFile.fromBytes(name, bytes), reader, roots, overrides);
    }

    private static Compilation compile(SourceFile source, SourceReader reader, IncludeRoots roots,
            Function<SyntaxTree, Map<String, Long>> overrides) {
        Diagnostics diagnostics = new Diagnostics();
        List<WalkerIr> trees = List.of();
        List<Path> inputs = List.of(inputPath(source.name()));
        try {
            Optional<SyntaxTree> syntax = DescriptorParser.parse(source, diagnostics);
            if (syntax.isPresent() && !diagnostics.hasErrors()) {
                Map<String, Long> parameters = overrides.apply(syntax.get());
                Optional<Model> model = Checker.check(syntax.get(), parameters == null ? Map.of() : parameters,
                        diagnostics, reader, roots);
                if (model.isPresent() && !diagnostics.hasErrors()) {
                    trees = Lowering.lower(model.get());
                    // A tree that states encodings ('sets') means to be built: prove them now.
                    trees.stream().filter(EncodingDerivation::statesEncodings)
                            .forEach(t -> EncodingDerivation.derive(t, diagnostics, source));
                    if (diagnostics.hasErrors()) {
                        trees = List.of();
                    }
                    inputs = model.get().sources().stream().map(Ptdesc::inputPath).toList();
                    ClassFileFit.check(trees, source, diagnostics);
                    if (diagnostics.hasErrors()) {
                        trees = List.of();
                    }
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

    private static Compilation refused(String name, InputFile.Refusal refusal) {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.report(refusal.code(), null, SourceSpan.ofFile(name), name, refusal.detail());
        return new Compilation(diagnostics.all(), List.of(), List.of(inputPath(name)));
    }

    private static Compilation failure(String name, String reason) {
        Diagnostics diagnostics = new Diagnostics();
        diagnostics.report(DiagnosticCode.IO_ERROR, null, SourceSpan.ofFile(name), name, reason);
        return new Compilation(diagnostics.all(), List.of(), List.of(inputPath(name)));
    }

    /**
     * Compiles {@code file} at run time and returns the walker for {@code tree}, defined as an
     * ordinary class in a class loader of its own: it can be unloaded once unreachable, and its
     * frames show in stack traces as {@code file.ptdesc:line}. Compiled once per file content
     * and parameters: later calls return the same walker until an input file changes.
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

    /**
     * Compiles tree {@code guestTree} of {@code guestFile} and the stage 2 tree {@code hostTree}
     * of {@code hostFile} and returns their generated pair class: translate and
     * translateDetailed with the stage 2 levels inlined at each guest table read and at the
     * final address; walk through the two trees' walkers ({@link org.ptdesc.runtime.NestedWalkers}).
     * Each call generates a new class; keep the walker.
     *
     * @throws IllegalArgumentException with every diagnostic when a file has errors
     * @throws java.util.NoSuchElementException when a file has no tree of that name
     */
    public static NestedWalker loadNested(Path guestFile, String guestTree, Path hostFile, String hostTree) {
        return loadNested(guestFile, guestTree, Map.of(), hostFile, hostTree, Map.of());
    }

    /** As {@link #loadNested(Path, String, Path, String)}, with each file's parameter values. */
    public static NestedWalker loadNested(Path guestFile, String guestTree, Map<String, Long> guestParameters,
            Path hostFile, String hostTree, Map<String, Long> hostParameters) {
        WalkerIr guest = tree(guestFile, guestTree, guestParameters);
        WalkerIr host = tree(hostFile, hostTree, hostParameters);
        return WalkerLoader.shared().loadNested(guest, host, load(guestFile, guestTree, guestParameters),
                load(hostFile, hostTree, hostParameters));
    }

    /**
     * The pair class of tree {@code guestTree} of {@code guest} over the stage 2 tree
     * {@code hostTree} of {@code host}, for ahead-of-time use: the class {@link #loadNested}
     * loads, named {@code packageName.X86_64OverIntel_EptNestedWalker} (after the two trees), as
     * bytes to write next to the two trees' walker classes. The returned record's {@code tree} is
     * the guest tree. The class's constructor takes the two trees' walkers
     * ({@code (TreeWalker guest, TreeWalker host)}), which its walk composes.
     *
     * @throws IllegalArgumentException when a compilation has errors, or the pair's class does not fit in a class file
     * @throws java.util.NoSuchElementException when a compilation has no tree of that name
     */
    public static CompiledWalker nestedWalker(Compilation guest, String guestTree, Compilation host, String hostTree,
            String packageName) {
        WalkerIr g = treeOf(guest, guestTree);
        WalkerIr h = treeOf(host, hostTree);
        String simple = NestedWalkerGenerator.defaultClassName(g, h);
        String className = packageName + simple.substring(simple.lastIndexOf('.'));
        return new CompiledWalker(guestTree, className, NestedWalkerGenerator.generate(g, h, className));
    }

    private static WalkerIr treeOf(Compilation c, String tree) {
        if (c.hasErrors()) {
            throw new IllegalArgumentException(c.file() + ": the descriptor has errors\n" + c.renderDiagnostics());
        }
        return c.tree(tree).orElseThrow(() -> new java.util.NoSuchElementException(c.file() + " has no tree " + tree));
    }

    private static WalkerIr tree(Path file, String tree, Map<String, Long> parameters) {
        return compileForLoading(file, parameters, SourceReader.DISK).stream().filter(t -> t.name().equals(tree))
                .findFirst().orElseThrow(() -> new java.util.NoSuchElementException(file + " has no tree " + tree));
    }

    private static List<WalkerIr> compileForLoading(Path file, Map<String, Long> parameters, SourceReader reader) {
        Compilation c = compile(file, parameters, reader);
        if (c.hasErrors()) {
            throw new IllegalArgumentException(file + ": the descriptor has errors\n" + c.renderDiagnostics());
        }
        return c.trees();
    }
}
