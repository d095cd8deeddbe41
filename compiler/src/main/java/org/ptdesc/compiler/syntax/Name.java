package org.ptdesc.compiler.syntax;

import org.ptdesc.compiler.source.SourceSpan;

/** A name as written in the descriptor, with where it was written. */
public record Name(String text, SourceSpan span) {}
