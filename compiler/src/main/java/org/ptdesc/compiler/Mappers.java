package org.ptdesc.compiler;

import java.nio.file.Path;
import java.util.Map;
import java.util.NoSuchElementException;
import org.ptdesc.compiler.encode.EncodingDerivation;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.interp.MapperInterpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.MapperLoader;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.TreeMapper;

/**
 * The front door for building trees, beside {@link Ptdesc#load} for walking them: compiles a
 * descriptor, derives and proves its tree's encodings, and returns a generated mapper (or the
 * reference mapper interpreter).
 */
public final class Mappers {

    private Mappers() {}

    /**
     * A generated mapper for {@code tree} of {@code file}.
     *
     * @throws IllegalArgumentException with every diagnostic when the file has errors or the tree
     *     cannot be built
     * @throws NoSuchElementException when the file has no tree of that name
     */
    public static TreeMapper load(Path file, String tree, Map<String, Long> parameters) {
        return MapperLoader.load(mapperIr(file, tree, parameters));
    }

    /** The reference mapper for {@code tree} of {@code file}; throws as {@link #load}. */
    public static TreeMapper interpreted(Path file, String tree, Map<String, Long> parameters) {
        return new MapperInterpreter(mapperIr(file, tree, parameters));
    }

    /** The derived, proven encodings of {@code tree} of {@code file}; throws as {@link #load}. */
    public static MapperIr mapperIr(Path file, String tree, Map<String, Long> parameters) {
        Compilation c = Ptdesc.compile(file, parameters);
        if (c.hasErrors()) {
            throw new IllegalArgumentException(file + ": the descriptor has errors\n" + c.renderDiagnostics());
        }
        WalkerIr ir = c.tree(tree).orElseThrow(() -> new NoSuchElementException(file + " has no tree '" + tree + "'"));
        Diagnostics d = new Diagnostics();
        return EncodingDerivation.derive(ir, d).orElseThrow(() -> new IllegalArgumentException(file + ": tree " + tree
                + " cannot be built\n" + String.join("\n", d.all().stream().map(Diagnostic::render).toList())));
    }
}
