package org.ptdesc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions from commands into an error line and exit status 1. User errors and I/O
 * errors print their message only; anything else is a bug in ptdesc and says so.
 */
final class Failures implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
        var err = cl.getErr();
        switch (e) {
            case UserError u -> err.println("ptdesc: error: " + u.getMessage());
            case IOException io -> err.println("ptdesc: error: " + describe(io));
            case UncheckedIOException io -> err.println("ptdesc: error: " + describe(io.getCause()));
            default -> {
                err.println("ptdesc: internal error (please report it): " + e);
                e.printStackTrace(err);
            }
        }
        err.flush();
        return 1;
    }

    private static String describe(IOException e) {
        return switch (e) {
            case java.nio.file.NoSuchFileException n -> n.getFile() + ": no such file";
            case java.nio.file.AccessDeniedException a -> a.getFile() + ": permission denied";
            default -> e.getMessage() == null ? e.toString() : e.getMessage();
        };
    }
}
