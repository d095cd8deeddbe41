package org.ptdesc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A misused command line (an unknown option, a malformed number, a missing option, --from
 * after --to): one line on standard error that names the mistake and where to read more,
 * exit status 2. The whole usage text for one mistake hides the mistake.
 */
final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
        String message = e.getMessage();
        if (e instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            message += "; did you mean " + String.join(" or ", u.getSuggestions()) + "?";
        }
        return report(e.getCommandLine(), message).code();
    }

    /** Prints the one line of a usage error in command {@code cl}. */
    static ExitStatus report(CommandLine cl, String message) {
        PrintWriter err = cl.getErr();
        err.println(ControlCharacters.oneLine("ptdesc: usage error: " + message + " (see '"
                + cl.getCommandSpec().qualifiedName() + " --help')"));
        err.flush();
        return ExitStatus.USAGE;
    }
}
