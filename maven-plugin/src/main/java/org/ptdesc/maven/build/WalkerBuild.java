package org.ptdesc.maven.build;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ptdesc.maven.staleness.BuildConfiguration;
import org.ptdesc.maven.staleness.BuildState;
import org.ptdesc.maven.staleness.DescriptorRecord;
import org.ptdesc.maven.staleness.Sha256;
import org.ptdesc.maven.staleness.StalenessCheck;
import org.ptdesc.maven.staleness.Verdict;

/**
 * An incremental build of a source directory's descriptors into walker classes: plans with
 * {@link StalenessCheck}, removes the classes of deleted descriptors, compiles the stale ones,
 * writes their classes, reconciles the {@link ServiceRegistration} and stores the new
 * {@link BuildState}. A descriptor with errors loses its old classes and registration lines, so a
 * failed build never leaves classes that no longer match their source.
 */
public final class WalkerBuild {

    private final DescriptorCompiler compiler;
    private final BuildLog log;

    public WalkerBuild(DescriptorCompiler compiler, BuildLog log) {
        this.compiler = compiler;
        this.log = log;
    }

    /** Runs the build; the report says what was done and whether some descriptor failed. */
    public BuildReport run(BuildRequest request) throws IOException {
        Path sourceDirectory = request.sources().directory();
        List<String> sources = request.sources().scan();
        String configuration = new BuildConfiguration(request.pluginVersion(), compiler.version(),
                request.packageName(), request.parameters()).digest();
        BuildState last = BuildState.load(request.stateFile());
        StalenessCheck.Plan plan = StalenessCheck.plan(last, sources, configuration, request.outputDirectory());
        ClassOutput output = new ClassOutput(request.outputDirectory());

        Map<String, DescriptorRecord> next = new TreeMap<>();
        plan.upToDate().forEach(r -> next.put(r.source(), r));
        for (DescriptorRecord gone : plan.deleted()) {
            output.delete(gone.walkers());
            log.info("ptdesc: " + gone.source() + " was deleted: removed " + describe(gone.walkers()));
        }

        int compiled = 0;
        int errors = 0;
        int failed = 0;
        for (Verdict.Stale stale : plan.stale()) {
            Path file = sourceDirectory.resolve(stale.source()).toAbsolutePath().normalize();
            log.debug("ptdesc: compiling " + file + " (" + reason(stale) + ")");
            CompiledDescriptor result = compile(file, request);
            result.messages().forEach(m -> m.showIn(log));
            List<Message> clashes = clashes(file, stale.source(), result.walkers(), next);
            clashes.forEach(m -> m.showIn(log));
            List<String> previous = stale.previous().map(DescriptorRecord::walkers).orElse(List.of());
            int descriptorErrors = result.errorCount() + clashes.size();
            if (descriptorErrors > 0) {
                output.delete(previous);
                errors += descriptorErrors;
                failed++;
                continue;
            }
            List<String> classes = result.walkers().stream().map(WalkerClass::className).toList();
            output.write(result.walkers());
            output.delete(previous.stream().filter(c -> !classes.contains(c)).toList());
            next.put(stale.source(), new DescriptorRecord(stale.source(), configuration, digests(file, result.inputs()),
                    classes));
            log.info("ptdesc: compiled " + stale.source() + " (" + reason(stale) + "): " + describe(classes));
            compiled++;
        }

        BuildState state = new BuildState(next);
        if (ServiceRegistration.in(request.outputDirectory()).reconcile(last.walkers(), state.walkers())) {
            log.debug("ptdesc: updated " + ServiceRegistration.PATH);
        }
        if (!state.equals(last)) {
            state.store(request.stateFile());
        }
        BuildReport report = new BuildReport(compiled, plan.upToDate().size(), plan.deleted().size(), errors, failed);
        summarize(report, sources.size(), sourceDirectory, request.outputDirectory());
        return report;
    }

    private CompiledDescriptor compile(Path file, BuildRequest request) {
        try {
            return compiler.compile(file, request.parameters(), request.packageName());
        } catch (RuntimeException e) {
            // A compiler bug must still name the descriptor that triggered it, and fail only it.
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            log.debug(trace.toString());
            return new CompiledDescriptor(List.of(new Message(Message.Severity.ERROR,
                    file + ": error: internal error of the ptdesc compiler: " + e)), List.of(), List.of(file));
        }
    }

    /** Errors for walker classes that another descriptor of this build already generates. */
    private static List<Message> clashes(Path file, String source, List<WalkerClass> walkers,
                                         Map<String, DescriptorRecord> others) {
        List<Message> clashes = new ArrayList<>();
        for (WalkerClass w : walkers) {
            for (DescriptorRecord other : others.values()) {
                if (!other.source().equals(source) && other.walkers().contains(w.className())) {
                    clashes.add(new Message(Message.Severity.ERROR, file + ": error: tree " + w.tree()
                            + " compiles to " + w.className() + ", which " + other.source()
                            + " already defines; rename one of the trees"));
                }
            }
        }
        return clashes;
    }

    private static Map<Path, String> digests(Path file, List<Path> inputs) throws IOException {
        Map<Path, String> digests = new LinkedHashMap<>();
        List<Path> all = new ArrayList<>(inputs);
        all.add(file);
        for (Path input : all) {
            Path p = input.toAbsolutePath().normalize();
            if (!digests.containsKey(p)) {
                digests.put(p, Sha256.ofFile(p));
            }
        }
        return digests;
    }

    private static String reason(Verdict.Stale stale) {
        return switch (stale.reason()) {
            case NEW -> "new";
            case CONFIGURATION_CHANGED -> "configuration changed";
            case INPUT_CHANGED -> "changed: " + stale.detail();
            case OUTPUT_MISSING -> "class file missing: " + stale.detail();
        };
    }

    private static String describe(List<String> classes) {
        return classes.isEmpty() ? "no walker classes" : String.join(", ", classes);
    }

    private void summarize(BuildReport report, int descriptors, Path sourceDirectory, Path outputDirectory) {
        if (descriptors == 0 && report.removed() == 0) {
            log.info("ptdesc: no descriptors in " + sourceDirectory);
        } else if (report.compiled() == 0 && report.removed() == 0 && !report.failed()) {
            log.info("ptdesc: nothing to compile, all " + BuildReport.count(report.upToDate(), "descriptor")
                    + " up to date");
        } else {
            log.info("ptdesc: " + BuildReport.count(report.compiled(), "descriptor") + " compiled into "
                    + outputDirectory + ", " + report.upToDate() + " up to date, " + report.removed() + " removed"
                    + (report.failed() ? ", " + report.failedDescriptors() + " failed" : ""));
        }
    }
}
