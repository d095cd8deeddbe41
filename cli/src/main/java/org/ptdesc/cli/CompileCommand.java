package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ptdesc.compiler.ClassCompilation;
import org.ptdesc.compiler.CompiledWalker;
import org.ptdesc.compiler.PackageName;
import org.ptdesc.compiler.Ptdesc;
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

    static final String SERVICES = "META-INF/services/org.ptdesc.runtime.TreeWalker";

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
        List<CompiledWalker> walkers = new ArrayList<>();
        boolean failed = false;
        for (Path file : files) {
            ClassCompilation c = Ptdesc.compileClasses(file, parameters, packageName, includeRoots.roots());
            err.print(c.renderDiagnostics());
            failed |= c.hasErrors();
            walkers.addAll(c.walkers());
        }
        err.flush();
        if (failed) {
            return 1;
        }
        Set<String> seen = new LinkedHashSet<>();
        for (CompiledWalker w : walkers) {
            if (!seen.add(w.className())) {
                throw new UserError("two trees named " + w.tree() + " would both be " + w.className());
            }
        }
        for (CompiledWalker w : walkers) {
            write(out.resolve(w.classFile()), w.bytes());
            stdout.println(out.resolve(w.classFile()) + " (tree " + w.tree() + ")");
        }
        registerServices(walkers);
        stdout.flush();
        return 0;
    }

    /** Adds the walkers to the services file, keeping the lines already there. */
    private void registerServices(List<CompiledWalker> walkers) throws IOException {
        Path services = out.resolve(SERVICES);
        Set<String> lines = new LinkedHashSet<>();
        if (Files.exists(services)) {
            for (String l : Files.readAllLines(services, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) {
                    lines.add(l.strip());
                }
            }
        }
        walkers.forEach(w -> lines.add(w.className()));
        write(services, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Writes through a temporary file and a move, so no half-written class is ever seen. */
    private static void write(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".ptdesc", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
