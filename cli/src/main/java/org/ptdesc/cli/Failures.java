package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what ended a command abnormally into one message on standard error and an
 * {@link ExitStatus}: user errors and unreadable files are bad input (1), a failed write is
 * 3, a closed pipe ends quietly (141), and anything else is a bug in ptdesc (70), whose stack
 * trace is shown only with {@code --debug}.
 */
final class Failures implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        if (e instanceof UsageError u) {
            return UsageErrors.report(cl, u.getMessage()).code();
        }
        return report(e, cl.getErr(), debugging(parsed)).code();
    }

    static ExitStatus report(Throwable e, PrintWriter err, boolean debug) {
        ExitStatus status = switch (e) {
            case OutputFailure f when f.closedPipe() -> ExitStatus.CLOSED_PIPE;
            case OutputFailure f -> say(err, ExitStatus.OUTPUT_FAILED, "cannot write the output: " + f.getMessage());
            case UserError u -> say(err, ExitStatus.BAD_INPUT, u.getMessage());
            case IOException io -> say(err, ExitStatus.BAD_INPUT, describe(io));
            case UncheckedIOException io -> say(err, ExitStatus.BAD_INPUT, describe(io.getCause()));
            default -> {
                Throwable bug = e instanceof Main.InternalFailure ? e.getCause() : e;
                err.println("ptdesc: internal error: " + ControlCharacters.oneLine(String.valueOf(bug)));
                if (debug) {
                    bug.printStackTrace(err);
                    err.println("ptdesc: this is a bug in ptdesc; please report it with the command line and this stack trace.");
                } else {
                    err.println("ptdesc: this is a bug in ptdesc; please report it, with the stack trace that --debug shows.");
                }
                yield ExitStatus.INTERNAL_ERROR;
            }
        };
        err.flush();
        return status;
    }

    private static ExitStatus say(PrintWriter err, ExitStatus status, String message) {
        err.println("ptdesc: error: " + ControlCharacters.oneLine(message));
        return status;
    }

    private static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> n.getFile() + ": no such file";
            case java.nio.file.AccessDeniedException a -> a.getFile() + ": permission denied";
            default -> e.getMessage() == null ? e.toString() : e.getMessage();
        };
    }

    /** True when {@code --debug} was given, before the subcommand or after it. */
    static boolean debugging(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
