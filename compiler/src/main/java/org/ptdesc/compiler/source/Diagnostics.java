package org.ptdesc.compiler.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one sink every front-end stage reports to. It drops exact duplicates (a format used by two
 * trees must not report the same bad field twice) and stops collecting after {@link #MAX_ERRORS}
 * errors with a final note, so hostile input cannot produce unbounded output.
 */
public final class Diagnostics {

    /** Errors kept before the rest are dropped. */
    public static final int MAX_ERRORS = 100;

    private final List<Diagnostic> list = new ArrayList<>();
    private final Set<List<Object>> seen = new HashSet<>();
    private int errors;
    private boolean capped;

    /** Reports a diagnostic of kind {@code code} at {@code span} in {@code source}. */
    public void report(DiagnosticCode code, SourceFile source, SourceSpan span, Object... args) {
        if (capped) {
            return; // before the work of formatting: hostile input reports millions of times
        }
        String line = span.hasPosition() && source != null ? source.lineText(span.line()) : "";
        add(new Diagnostic(code.severity(), code, span, code.format(args), line));
    }

    /** Adds a diagnostic made elsewhere. */
    public void add(Diagnostic d) {
        if (capped) {
            return;
        }
        if (!seen.add(List.of(d.code(), d.span(), d.message()))) {
            return;
        }
        if (d.isError()) {
            if (errors == MAX_ERRORS) {
                capped = true;
                list.add(new Diagnostic(Severity.NOTE, DiagnosticCode.TOO_MANY_ERRORS,
                        SourceSpan.ofFile(d.span().fileName()),
                        DiagnosticCode.TOO_MANY_ERRORS.format(MAX_ERRORS), ""));
                return;
            }
            errors++;
        }
        list.add(d);
    }

    /** True once any error was reported. */
    public boolean hasErrors() {
        return errors > 0;
    }

    /** Number of errors reported (at most {@link #MAX_ERRORS}). */
    public int errorCount() {
        return errors;
    }

    /** True when the error cap was reached: further reports are dropped. */
    public boolean isFull() {
        return capped;
    }

    /** The diagnostics in the order they were reported. */
    public List<Diagnostic> all() {
        return List.copyOf(list);
    }
}
