package org.ptdesc.compiler.check;

import java.util.HashMap;
import java.util.Map;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceSpan;

/**
 * Reports checking diagnostics into the shared sink, finding each span's source file (for the
 * line shown under the message) among the files of the compilation.
 */
final class Reporter {

    private final Diagnostics diagnostics;
    private final Map<String, SourceFile> files = new HashMap<>();

    Reporter(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    void addFile(SourceFile file) {
        files.put(file.name(), file);
    }

    void report(DiagnosticCode code, SourceSpan span, Object... args) {
        diagnostics.report(code, files.get(span.fileName()), span, args);
    }

    /** The source line (or window of it) shown under a diagnostic at {@code span}, for one reported later. */
    SourceFile.Excerpt excerpt(SourceSpan span) {
        SourceFile file = files.get(span.fileName());
        return file == null || !span.hasPosition() ? new SourceFile.Excerpt("", span.column()) : file.excerpt(span);
    }

    boolean hasErrors() {
        return diagnostics.hasErrors();
    }

    int errorCount() {
        return diagnostics.errorCount();
    }
}
