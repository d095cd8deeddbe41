package org.ptdesc.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ptdesc.compiler.Batch;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ptdesc check}: every diagnostic of every file, exit status 1 when any has an error. */
@Command(name = "check", description = "Check descriptors and print every diagnostic.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Descriptors to check.")
    List<Path> files;

    @Option(names = {"-P", "--param"}, paramLabel = "NAME=VALUE", description = "Give a descriptor parameter a value.")
    Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Long> parameters = DescriptorOptions.parseParameters(params);
        Batch batch = Ptdesc.compileAll(files, parameters);
        for (Compilation c : batch.files()) {
            Path file = c.file();
            err.print(c.renderDiagnostics());
            err.flush();
            if (c.hasErrors()) {
                continue;
            } else if (c.trees().isEmpty()) {
                out.println(file + ": ok, but it declares no tree (a file to include)");
            } else {
                out.println(file + ": ok (" + c.trees().stream().map(WalkerIr::name).collect(Collectors.joining(", ")) + ")");
            }
        }
        batch.diagnostics().forEach(d -> err.println(d.render()));
        err.flush();
        out.flush();
        return batch.hasErrors() ? 1 : 0;
    }
}
