package org.ptdesc.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.RunLast;
import picocli.CommandLine.ScopeType;

/**
 * The {@code ptdesc} command: checks descriptors, compiles them to walker classes, and walks
 * or translates addresses of memory images with them. {@link #commandLine()} sets up what
 * every command shares, including commands added later: the {@link Output} behind
 * {@code getOut()} and {@code getErr()}, {@code --help} and the exit statuses on every command,
 * {@code --debug}, one-line usage errors, and the mapping of failures to {@link ExitStatus}.
 */
@Command(
        name = "ptdesc",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Describe page tables and other radix trees; check, compile and walk them.",
        subcommands = {CheckCommand.class, CompileCommand.class, WalkCommand.class, TranslateCommand.class, InfoCommand.class,
                ViewCommand.class, BuildCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an internal error (exit status 70), print the stack trace.")
    boolean debug;

    private StatusLine statusLine = StatusLine.NONE;
    /** Standard output under its {@code PrintWriter}, for text already encoded ({@link ListingText}). */
    private Output stdout;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line on the standard streams and returns the exit status. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * Runs the command line with {@code stdout} and {@code stderr} as its standard output and
     * error (neither a terminal: no progress is drawn) and returns the exit status, for
     * embedding and measuring. The streams are flushed, not closed.
     */
    public static int run(OutputStream stdout, OutputStream stderr, String... args) {
        return commandLine(stdout, stderr, false, false).execute(args);
    }

    /** The command line on the process's standard output and error, for embedding. */
    public static CommandLine commandLine() {
        return commandLine(new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err),
                Terminal.isTerminal(1), Terminal.isTerminal(2));
    }

    /**
     * The command line on the given streams. Progress is drawn on {@code stderr} only when it
     * is a terminal, and cleared before output only when {@code stdout} is one too (otherwise
     * the output cannot land in the progress line).
     */
    static CommandLine commandLine(OutputStream stdout, OutputStream stderr, boolean stdoutIsTerminal,
            boolean stderrIsTerminal) {
        Main main = new Main();
        main.statusLine = stderrIsTerminal ? new StatusLine(stderr) : StatusLine.NONE;
        Output out = Output.reporting(stdout, stdoutIsTerminal ? main.statusLine : StatusLine.NONE);
        Output err = Output.discarding(stderr, main.statusLine, out);
        main.stdout = out;
        CommandLine cl = new CommandLine(main);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        everyCommand(cl);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler(new UsageErrors());
        cl.setExecutionExceptionHandler(new Failures());
        cl.setExecutionStrategy(parsed -> {
            int status;
            try {
                status = new RunLast().execute(parsed);
            } catch (StackOverflowError | OutOfMemoryError | AssertionError e) {
                // picocli passes only Exceptions to its handler; these are bugs all the same.
                throw new ExecutionException(cl, "internal error", new InternalFailure(e));
            }
            try {
                cl.getOut().flush();
            } catch (OutputFailure f) {
                return Failures.report(f, cl.getErr(), false).code();
            }
            return status;
        });
        return cl;
    }

    /** Gives every command, at any depth, {@code --help} and the list of exit statuses. */
    private static void everyCommand(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (spec.findOption("--help") == null) {
            OptionSpec.Builder help = spec.findOption("-h") == null ? OptionSpec.builder("-h", "--help") : OptionSpec.builder("--help");
            spec.addOption(help.usageHelp(true).description("Show this help message and exit.").build());
        }
        spec.usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(ExitStatus.helpList());
        cl.getSubcommands().values().forEach(Main::everyCommand);
    }

    /** Standard output as {@link Output}, or null when the command runs without {@code Main}. */
    static Output stdout(CommandSpec spec) {
        return spec.root().userObject() instanceof Main m ? m.stdout : null;
    }

    /** The line on which a command may draw progress; draws nothing unless stderr is a terminal. */
    static StatusLine statusLine(CommandSpec spec) {
        return spec.root().userObject() instanceof Main m ? m.statusLine : StatusLine.NONE;
    }

    /** An {@link Error} from a command, carried to {@link Failures} as the bug it is. */
    static final class InternalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InternalFailure(Throwable cause) {
            super(cause.toString(), cause);
        }
    }
}
