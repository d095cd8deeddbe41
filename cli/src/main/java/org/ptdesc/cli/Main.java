package org.ptdesc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ptdesc} command: checks descriptors, compiles them to walker classes, and walks
 * or translates addresses of memory images with them.
 */
@Command(
        name = "ptdesc",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Describe page tables and other radix trees; check, compile and walk them.",
        subcommands = {CheckCommand.class, CompileCommand.class, WalkCommand.class, TranslateCommand.class, BuildCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for tests and embedding. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new Failures());
        return cl;
    }
}
