package org.ptdesc.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * One run of the command line in-process, with its exit status and both output streams, set
 * up exactly as {@link Main#commandLine()} sets up the real ones (neither is a terminal).
 */
record CliRun(int status, String out, String err) {

    static CliRun of(String... args) {
        return withInput("", args);
    }

    static CliRun withInput(String stdin, String... args) {
        return withInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    static CliRun withInput(InputStream stdin, String... args) {
        return run(stdin, new ByteArrayOutputStream(), cl -> {}, args);
    }

    /** A run whose standard output is {@code stdout} (for example one that fails); {@link #out} is then empty. */
    static CliRun writingTo(OutputStream stdout, String... args) {
        return run(InputStream.nullInputStream(), stdout, cl -> {}, args);
    }

    /** A run of a command line that {@code extend} changed first (for example by adding a command). */
    static CliRun extended(Consumer<CommandLine> extend, String... args) {
        return run(InputStream.nullInputStream(), new ByteArrayOutputStream(), extend, args);
    }

    private static CliRun run(InputStream stdin, OutputStream stdout, Consumer<CommandLine> extend, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream oldIn = System.in;
        System.setIn(stdin);
        try {
            CommandLine cl = Main.commandLine(stdout, err, false, false);
            extend.accept(cl);
            cl.setOut(cl.getOut()); // to the commands extend added too
            cl.setErr(cl.getErr());
            int status = cl.execute(args);
            String out = stdout instanceof ByteArrayOutputStream b ? b.toString(StandardCharsets.UTF_8) : "";
            return new CliRun(status, out, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(oldIn);
        }
    }
}
