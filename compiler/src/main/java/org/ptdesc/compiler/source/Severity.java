package org.ptdesc.compiler.source;

import java.util.Locale;

/** How bad a diagnostic is: errors stop the compilation, warnings and notes do not. */
public enum Severity {
    ERROR,
    WARNING,
    NOTE;

    /** The word used in rendered diagnostics ({@code error}, {@code warning}, {@code note}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
