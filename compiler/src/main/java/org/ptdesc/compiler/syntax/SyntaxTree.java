package org.ptdesc.compiler.syntax;

import java.util.List;
import org.ptdesc.compiler.source.SourceFile;

/**
 * One parsed descriptor file: its declarations in source order. Built only from a parse without
 * syntax errors, so every part is present.
 */
public record SyntaxTree(SourceFile source, List<Declaration> declarations) {
    public SyntaxTree {
        declarations = List.copyOf(declarations);
    }
}
