package org.ptdesc.compiler.check;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.DescriptorText;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.IncludeRoots;
import org.ptdesc.compiler.source.InputFile;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceReader;
import org.ptdesc.compiler.syntax.Declaration;
import org.ptdesc.compiler.syntax.DescriptorParser;
import org.ptdesc.compiler.syntax.SyntaxTree;

/**
 * Loads the files a descriptor includes, transitively. Where an include path leads is decided
 * by the {@link IncludeRoots}: relative to the directory of the file that names it, then to each
 * {@code -I} root, and never outside the roots. Only regular files of bounded size are read
 * ({@link InputFile}), and a file that is no descriptor ({@link DescriptorText}, then
 * {@link DescriptorParser#startsWithDeclaration}) gets one error at the include, with none of
 * its content. A file included twice (a diamond, or two paths to one file) is loaded once; a
 * cycle, a missing or refused file is an error at the {@code include} that causes it. The result
 * lists included files before the files that include them, so that declarations are seen in
 * dependency order.
 */
final class Includes {

    private final Diagnostics diagnostics;
    private final SourceReader reader;
    private final IncludeRoots roots;
    private final Path mainDirectory;
    private final List<Path> stack = new ArrayList<>();
    private final Set<Path> done = new HashSet<>();
    private final List<SyntaxTree> order = new ArrayList<>();

    private Includes(Diagnostics diagnostics, SourceReader reader, IncludeRoots roots, Path mainDirectory) {
        this.diagnostics = diagnostics;
        this.reader = reader;
        this.roots = roots;
        this.mainDirectory = mainDirectory;
    }

    /** {@code main} and every file it includes, included files first, {@code main} last. */
    static List<SyntaxTree> load(SyntaxTree main, Diagnostics diagnostics, SourceReader reader, IncludeRoots roots) {
        Path mainPath = path(main.source().name());
        Path mainDirectory = mainPath == null || mainPath.toAbsolutePath().getParent() == null
                ? Path.of("").toAbsolutePath() : mainPath.toAbsolutePath().getParent();
        Includes includes = new Includes(diagnostics, reader, roots, mainDirectory);
        includes.visit(key(main.source().name()), main);
        return List.copyOf(includes.order);
    }

    private static Path path(String name) {
        try {
            return Path.of(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Path key(String name) {
        Path p = path(name);
        if (p == null) {
            // A name that is no valid path (in-memory text): it cannot be part of a cycle.
            return Path.of("").toAbsolutePath().resolve("invalid-name-" + Integer.toHexString(name.hashCode()));
        }
        try {
            return p.toRealPath();
        } catch (IOException | RuntimeException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private void visit(Path key, SyntaxTree tree) {
        stack.add(key);
        for (Declaration d : tree.declarations()) {
            if (d instanceof Declaration.Include inc) {
                include(tree.source(), inc);
            }
        }
        stack.removeLast();
        done.add(key);
        order.add(tree);
    }

    private void include(SourceFile from, Declaration.Include inc) {
        Path fromPath = path(from.name());
        Path fromDirectory = fromPath == null ? null : fromPath.getParent();
        IncludeRoots.Resolution resolution = roots.resolve(inc.path(), fromDirectory, mainDirectory);
        Path shown;
        Path key;
        switch (resolution) {
            case IncludeRoots.Invalid i -> {
                diagnostics.report(DiagnosticCode.IO_ERROR, from, inc.pathSpan(), "'" + inc.path() + "'", "invalid path");
                return;
            }
            case IncludeRoots.Refused r -> {
                diagnostics.report(DiagnosticCode.INCLUDE_OUTSIDE_ROOTS, from, inc.pathSpan(), inc.path(), r.why());
                return;
            }
            case IncludeRoots.Missing m -> {
                diagnostics.report(DiagnosticCode.INCLUDE_MISSING, from, inc.pathSpan(), m.shown().toString());
                return;
            }
            case IncludeRoots.Found f -> {
                shown = f.shown();
                key = f.real();
            }
        }
        if (stack.contains(key)) {
            List<String> cycle = new ArrayList<>();
            for (Path p : stack.subList(stack.indexOf(key), stack.size())) {
                cycle.add(p.getFileName().toString());
            }
            cycle.add(key.getFileName().toString());
            diagnostics.report(DiagnosticCode.INCLUDE_CYCLE, from, inc.pathSpan(), String.join(" -> ", cycle));
            return;
        }
        if (done.contains(key)) {
            return;
        }
        done.add(key);
        Optional<byte[]> bytes = read(from, inc, shown, key);
        if (bytes.isEmpty()) {
            return;
        }
        SourceFile source = SourceFile.fromBytes(shown.toString(), bytes.get());
        Optional<String> notText = DescriptorText.problem(bytes.get());
        if (notText.isPresent() || !DescriptorParser.startsWithDeclaration(source)) {
            diagnostics.report(DiagnosticCode.NOT_A_DESCRIPTOR, from, inc.pathSpan(), shown.toString(),
                    notText.orElse("it does not start with a declaration"));
            return;
        }
        Optional<SyntaxTree> tree = DescriptorParser.parse(source, diagnostics);
        tree.ifPresent(t -> visit(key, t));
    }

    /** The bytes of an included file that may be read, or empty after reporting why not. */
    private Optional<byte[]> read(SourceFile from, Declaration.Include inc, Path shown, Path real) {
        try {
            Optional<InputFile.Refusal> refusal = InputFile.refusal(real);
            if (refusal.isPresent()) {
                diagnostics.report(refusal.get().code(), from, inc.pathSpan(), shown.toString(), refusal.get().detail());
                return Optional.empty();
            }
            byte[] bytes = reader.read(real);
            if (bytes.length > InputFile.MAX_BYTES) {
                InputFile.Refusal tooLarge = InputFile.tooLarge();
                diagnostics.report(tooLarge.code(), from, inc.pathSpan(), shown.toString(), tooLarge.detail());
                return Optional.empty();
            }
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            diagnostics.report(DiagnosticCode.INCLUDE_MISSING, from, inc.pathSpan(), shown.toString());
        } catch (IOException | RuntimeException e) {
            diagnostics.report(DiagnosticCode.IO_ERROR, from, inc.pathSpan(), shown.toString(), SourceReader.reason(e));
        }
        return Optional.empty();
    }
}
