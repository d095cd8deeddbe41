package org.ptdesc.compiler.check;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceReader;
import org.ptdesc.compiler.syntax.Declaration;
import org.ptdesc.compiler.syntax.DescriptorParser;
import org.ptdesc.compiler.syntax.SyntaxTree;

/**
 * Loads the files a descriptor includes, transitively. An include path is relative to the
 * directory of the file that names it; a file included twice (a diamond) is loaded once; a cycle
 * or a missing file is an error at the {@code include} that causes it. The result lists included
 * files before the files that include them, so that declarations are seen in dependency order.
 */
final class Includes {

    private final Diagnostics diagnostics;
    private final SourceReader reader;
    private final Map<Path, SyntaxTree> loaded = new LinkedHashMap<>();
    private final List<Path> stack = new ArrayList<>();
    private final Set<Path> done = new HashSet<>();
    private final List<SyntaxTree> order = new ArrayList<>();

    private Includes(Diagnostics diagnostics, SourceReader reader) {
        this.diagnostics = diagnostics;
        this.reader = reader;
    }

    /** {@code main} and every file it includes, included files first, {@code main} last. */
    static List<SyntaxTree> load(SyntaxTree main, Diagnostics diagnostics, SourceReader reader) {
        Includes includes = new Includes(diagnostics, reader);
        includes.visit(key(main.source().name()), main);
        return List.copyOf(includes.order);
    }

    private static Path key(String name) {
        try {
            return Path.of(name).toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            // A name that is no valid path (in-memory text): it cannot be part of a cycle.
            return Path.of("").toAbsolutePath().resolve("invalid-name-" + Integer.toHexString(name.hashCode()));
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
        Path shown;
        try {
            Path parent = Path.of(from.name()).getParent();
            shown = (parent == null ? Path.of(inc.path()) : parent.resolve(inc.path())).normalize();
        } catch (RuntimeException e) {
            diagnostics.report(DiagnosticCode.IO_ERROR, from, inc.pathSpan(), "'" + inc.path() + "'", "invalid path");
            return;
        }
        Path key = shown.toAbsolutePath().normalize();
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
        byte[] bytes;
        try {
            bytes = reader.read(shown);
        } catch (NoSuchFileException e) {
            diagnostics.report(DiagnosticCode.INCLUDE_MISSING, from, inc.pathSpan(), shown.toString());
            done.add(key);
            return;
        } catch (IOException | RuntimeException e) {
            diagnostics.report(DiagnosticCode.IO_ERROR, from, inc.pathSpan(), shown.toString(), SourceReader.reason(e));
            done.add(key);
            return;
        }
        Optional<SyntaxTree> tree = DescriptorParser.parse(SourceFile.fromBytes(shown.toString(), bytes), diagnostics);
        if (tree.isEmpty()) {
            done.add(key);
            return;
        }
        loaded.put(key, tree.get());
        visit(key, tree.get());
    }
}
