package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ptdesc.compiler.Batch;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.CompiledWalker;
import org.ptdesc.compiler.PackageName;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.output.OutputFile;
import org.ptdesc.compiler.output.ServiceFile;
import org.ptdesc.compiler.source.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code ptdesc compile}: walker class files for ahead-of-time use, plus the
 * {@code META-INF/services} registration through which {@code Walkers.find} finds them. Nothing
 * is written unless every file compiles.
 */
@Command(name = "compile", description = "Compile descriptors to walker classes (found at run time with Walkers.find).")
final class CompileCommand implements Callable<Integer> {

    static final String SERVICES = ServiceFile.PATH;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Descriptors to compile.")
    List<Path> files;

    @Option(names = "-d", required = true, paramLabel = "DIR", description = "Output directory for class files.")
    Path out;

    String packageName = "org.ptdesc.walkers";

    @Option(names = "--package", paramLabel = "NAME", description = "Java package of the classes (default org.ptdesc.walkers).")
    void packageName(String name) {
        PackageName.problem(name).ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), "--package: " + problem);
        });
        packageName = name;
    }

    @Mixin
    IncludeRootOptions includeRoots = new IncludeRootOptions();

    @Option(names = {"-P", "--param"}, paramLabel = "NAME=VALUE", description = "Give a descriptor parameter a value.")
    Map<String, String> params = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, Long> parameters = DescriptorOptions.parseParameters(params);
        Batch batch = Ptdesc.compileAll(files, parameters, includeRoots.roots());
        List<Diagnostic> clashes = Ptdesc.walkerClassClashes(batch.files(), packageName);
        err.print(batch.renderDiagnostics());
        clashes.forEach(d -> err.println(d.render()));
        err.flush();
        if (batch.hasErrors() || !clashes.isEmpty()) {
            return 1;
        }
        List<CompiledWalker> walkers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Compilation c : batch.files()) {
            // A file named twice is compiled twice; its classes are written once.
            c.walkers(packageName).stream().filter(w -> seen.add(w.className())).forEach(walkers::add);
        }
        try {
            for (CompiledWalker w : walkers) {
                OutputFile.write(out.resolve(w.classFile()), w.bytes());
                stdout.println(out.resolve(w.classFile()) + " (tree " + w.tree() + ")");
            }
            // Lines already there stay; this run owns only the classes it has just written.
            ServiceFile.in(out).reconcile(Set.of(), walkers.stream().map(CompiledWalker::className).toList());
        } catch (IOException e) {
            // The descriptors were fine: the class files could not be written (status 3, not 1).
            throw OutputFailure.of(e);
        }
        stdout.flush();
        return 0;
    }
}
