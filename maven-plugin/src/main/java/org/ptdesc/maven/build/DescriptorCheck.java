package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks every descriptor of a source directory, and the declared pairs, without writing
 * anything: shows each diagnostic and counts errors. Not incremental, on purpose: a check is asked for its diagnostics, and a
 * descriptor that compiled cleanly may still have warnings to show. Parameters follow the rules
 * of {@link ParameterOverrides}, as in a build.
 */
public final class DescriptorCheck {

    private final DescriptorCompiler compiler;
    private final BuildLog log;

    public DescriptorCheck(DescriptorCompiler compiler, BuildLog log) {
        this.compiler = compiler;
        this.log = log;
    }

    /** Checks the selected descriptors with the given parameters; the report counts them as compiled. */
    public BuildReport run(SourceSelection sources, ParameterOverrides parameters, String packageName)
            throws IOException {
        return run(sources, parameters, packageName, List.of());
    }

    /**
     * Checks the selected descriptors, then the declared pairs as a build would generate them
     * (sides that are descriptors of the selection, trees their files have), writing nothing.
     */
    public BuildReport run(SourceSelection sources, ParameterOverrides parameters, String packageName,
                           List<DeclaredPair> pairs) throws IOException {
        int checked = 0;
        int errors = 0;
        int failed = 0;
        List<String> selected = sources.scan();
        Map<String, Set<String>> undeclared = new TreeMap<>();
        Set<String> clean = new TreeSet<>();
        for (String source : selected) {
            Path file = sources.directory().resolve(source).toAbsolutePath().normalize();
            CompiledDescriptor result = compiler.compile(file, parameters.offeredTo(source), parameters.requiredBy(source),
                    packageName);
            result.messages().forEach(m -> m.showIn(log));
            undeclared.put(source, result.undeclaredParameters());
            checked++;
            if (result.errorCount() > 0) {
                errors += result.errorCount();
                failed++;
            } else {
                clean.add(source);
            }
        }
        List<Message> configurationErrors = new ArrayList<>(
                parameters.errors(sources.directory(), selected, undeclared));
        for (DeclaredPair pair : pairs) {
            List<Message> problems = PairBuild.sideProblems(pair, selected, sources.directory());
            if (problems.isEmpty() && clean.contains(pair.guest().source()) && clean.contains(pair.host().source())) {
                problems = PairBuild.compile(compiler, log, pair, sources.directory(), parameters, packageName)
                        .messages().stream().filter(m -> m.severity() == Message.Severity.ERROR).toList();
            }
            configurationErrors.addAll(problems);
        }
        configurationErrors.forEach(m -> m.showIn(log));
        log.info("ptdesc: checked " + BuildReport.count(checked, "descriptor")
                + (pairs.isEmpty() ? "" : " and " + BuildReport.count(pairs.size(), "pair")) + " in " + sources.directory()
                + (errors == 0 && configurationErrors.isEmpty() ? ": no errors" : ""));
        return new BuildReport(checked, 0, 0, errors, failed, configurationErrors.size());
    }
}
