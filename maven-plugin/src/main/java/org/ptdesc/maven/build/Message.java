package org.ptdesc.maven.build;

/**
 * One diagnostic of the compiler, already rendered ({@code file:line:col: error: message}, the
 * source line and a caret line), with the severity that decides the log level it is shown at.
 */
public record Message(Severity severity, String rendered) {

    /** Shows this message at the log level of its severity. */
    public void showIn(BuildLog log) {
        switch (severity) {
            case ERROR -> log.error(rendered);
            case WARNING -> log.warn(rendered);
            case NOTE -> log.info(rendered);
        }
    }

    /** How bad a message is; only errors fail the build. */
    public enum Severity {
        ERROR,
        WARNING,
        NOTE
    }
}
