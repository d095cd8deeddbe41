/**
 * Source files and what is said about them: {@link org.ptdesc.compiler.source.SourceFile}
 * (text, lines, the bytes it was decoded from), {@link org.ptdesc.compiler.source.SourceSpan},
 * the catalog of diagnostics ({@link org.ptdesc.compiler.source.DiagnosticCode}) and the one
 * sink every stage reports to ({@link org.ptdesc.compiler.source.Diagnostics}), with the one
 * renderer of {@code file:line:col: error: message [P300]}. Depends on no other stage.
 */
package org.ptdesc.compiler.source;
