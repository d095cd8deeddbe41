package org.ptdesc.maven.build;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ptdesc.maven.staleness.BuildConfiguration;
import org.ptdesc.maven.staleness.BuildState;
import org.ptdesc.maven.staleness.DescriptorRecord;
import org.ptdesc.maven.staleness.LastBuild;
import org.ptdesc.maven.staleness.StalenessCheck;
import org.ptdesc.maven.staleness.Verdict;

/**
 * An incremental build of a source directory's descriptors into walker classes: plans with
 * {@link StalenessCheck}, removes the classes of deleted descriptors, compiles the stale ones,
 * writes their classes, reconciles the {@link ServiceRegistration} and stores the new
 * {@link BuildState}. A descriptor with errors loses its old classes and registration lines, so a
 * failed build never leaves classes that no longer match their source. When the last state is
 * damaged, every walker class the plugin may have written is claimed, and removed unless compiled
 * again, so that a descriptor deleted meanwhile does not stay registered. Declared pairs follow
 * the descriptors ({@link PairBuild}), with their {@link PairRegistration}.
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
        ParameterOverrides overrides = request.parameters();
        Function<String, String> configuration = source -> new BuildConfiguration(request.pluginVersion(),
                compiler.version(), request.packageName(), overrides.offeredTo(source), overrides.requiredBy(source))
                .digest();
        LastBuild lastBuild = BuildState.load(request.stateFile());
        BuildState last = lastBuild.state();
        ClassOutput output = new ClassOutput(request.outputDirectory());
        ServiceRegistration registration = ServiceRegistration.in(request.outputDirectory());
        PairRegistration pairRegistration = PairRegistration.in(request.outputDirectory());
        Set<String> previouslyOwned = new TreeSet<>(last.walkers());
        Set<String> previousPairs = new TreeSet<>(last.pairClasses());
        if (lastBuild instanceof LastBuild.Damaged damaged) {
            previouslyOwned.addAll(claimAfterDamage(damaged, request, registration));
            previousPairs.addAll(claimedPairs(request, pairRegistration));
        }
        StalenessCheck.Plan plan = StalenessCheck.plan(last, sources, configuration, request.outputDirectory());

        Map<String, DescriptorRecord> next = new TreeMap<>();
        Map<String, Set<String>> undeclared = new TreeMap<>();
        for (DescriptorRecord r : plan.upToDate()) {
            next.put(r.source(), r);
            undeclared.put(r.source(), r.undeclaredParameters());
        }
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
            CompiledDescriptor result = compile(file, stale.source(), request);
            undeclared.put(stale.source(), result.undeclaredParameters());
            result.messages().forEach(m -> m.showIn(log));
            List<Message> clashes = clashes(file, result.walkers(), sourceDirectory, next);
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
            next.put(stale.source(), new DescriptorRecord(stale.source(), configuration.apply(stale.source()),
                    result.inputs(), classes, result.undeclaredParameters()));
            Map<String, Long> applied = new TreeMap<>(overrides.offeredTo(stale.source()));
            applied.keySet().removeAll(result.undeclaredParameters());
            log.info("ptdesc: compiled " + stale.source() + " (" + reason(stale) + "): " + describe(classes)
                    + (applied.isEmpty() ? "" : "; parameters " + applied.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))));
            compiled++;
        }
        List<Message> configurationErrors = overrides.errors(sourceDirectory, sources, undeclared);
        configurationErrors.forEach(m -> m.showIn(log));

        PairBuild.Outcome pairs = new PairBuild(compiler, log).run(request, sources, next, configuration, last, output);

        BuildState state = new BuildState(next, pairs.records());
        // Classes claimed after a damaged state and not generated again go, like a deleted descriptor's.
        output.delete(previouslyOwned.stream().filter(c -> !state.classes().contains(c)).toList());
        output.delete(previousPairs.stream().filter(c -> !state.classes().contains(c)).toList());
        if (registration.reconcile(previouslyOwned, state.walkers())) {
            log.debug("ptdesc: updated " + ServiceRegistration.PATH);
        }
        if (pairRegistration.reconcile(previousPairs, pairs.registered())) {
            log.debug("ptdesc: updated " + pairRegistration.file());
        }
        if (!state.equals(last) || lastBuild instanceof LastBuild.Damaged) {
            state.store(request.stateFile());
        }
        BuildReport report = new BuildReport(compiled, plan.upToDate().size(), plan.deleted().size(), errors, failed,
                configurationErrors.size() + pairs.errors());
        summarize(report, sources.size(), sourceDirectory, request.outputDirectory(), pairs.generated(),
                pairs.records().size() - pairs.generated(), request.pairs().size());
        return report;
    }

    /**
     * What the plugin may have written into the output when its state is damaged: every class of
     * the output package carrying the {@code @GeneratedWalker} stamp (except the ones another
     * execution's intact state records: they are that execution's to manage), and every service
     * line naming a class of the package that is no longer there. All of them are removed unless
     * this build generates them again.
     */
    private Set<String> claimAfterDamage(LastBuild.Damaged damaged, BuildRequest request,
                                         ServiceRegistration registration) throws IOException {
        Set<String> claimed = new TreeSet<>(new StampedClasses(request.outputDirectory(), request.packageName()).find());
        claimed.removeAll(otherExecutionsWalkers(request.stateFile()));
        for (String listed : registration.listed()) {
            boolean inPackage = listed.startsWith(request.packageName() + ".")
                    && listed.indexOf('.', request.packageName().length() + 1) < 0;
            if (inPackage && !Files.isRegularFile(request.outputDirectory().resolve(DescriptorRecord.classFile(listed)))) {
                claimed.add(listed);
            }
        }
        log.warn("ptdesc: the state of the last build, " + request.stateFile() + ", is damaged (" + damaged.reason()
                + "): compiling every descriptor again, and removing the walker classes of package "
                + request.packageName() + " it may have written that are not compiled again ("
                + (claimed.isEmpty() ? "none found" : "found: " + String.join(", ", claimed)) + ")");
        return claimed;
    }

    /**
     * What the plugin may have written into the pair registration when its state is damaged: the
     * pair classes of the output package that it lists (pair classes carry no stamp), except
     * those another execution's intact state records.
     */
    private static Set<String> claimedPairs(BuildRequest request, PairRegistration pairRegistration) throws IOException {
        Set<String> claimed = new TreeSet<>();
        for (String listed : pairRegistration.listed()) {
            if (listed.startsWith(request.packageName() + ".")
                    && listed.indexOf('.', request.packageName().length() + 1) < 0) {
                claimed.add(listed);
            }
        }
        claimed.removeAll(otherExecutionsWalkers(request.stateFile()));
        return claimed;
    }

    /** The classes (walkers and pair classes) recorded by the other state files of the state directory (other goals and executions). */
    private static Set<String> otherExecutionsWalkers(Path stateFile) throws IOException {
        Set<String> walkers = new TreeSet<>();
        Path dir = stateFile.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return walkers;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path other : files.filter(f -> f.getFileName().toString().endsWith(".state")).toList()) {
                if (!other.equals(stateFile.toAbsolutePath()) && BuildState.load(other) instanceof LastBuild.Recorded r) {
                    walkers.addAll(r.state().classes());
                }
            }
        }
        return walkers;
    }

    private CompiledDescriptor compile(Path file, String source, BuildRequest request) {
        try {
            ParameterOverrides overrides = request.parameters();
            return compiler.compile(file, overrides.offeredTo(source), overrides.requiredBy(source),
                    request.packageName());
        } catch (RuntimeException e) {
            // A compiler bug must still name the descriptor that triggered it, and fail only it.
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            log.debug(trace.toString());
            return new CompiledDescriptor(List.of(new Message(Message.Severity.ERROR,
                    file + ": error: internal error of the ptdesc compiler: " + e)), List.of(), Map.of());
        }
    }

    /**
     * Errors for walker classes whose names equal, ignoring case, a class another descriptor of
     * this build already generates: on a case-insensitive file system ({@code X86Walker.class}
     * and {@code x86Walker.class} on macOS or Windows) one would overwrite the other, so the
     * names are compared as those file systems compare them, on every platform.
     */
    private static List<Message> clashes(Path file, List<WalkerClass> walkers, Path sourceDirectory,
                                         Map<String, DescriptorRecord> others) {
        List<Message> clashes = new ArrayList<>();
        for (WalkerClass w : walkers) {
            for (DescriptorRecord other : others.values()) {
                for (String taken : other.walkers()) {
                    if (taken.equalsIgnoreCase(w.className())) {
                        Path otherFile = sourceDirectory.resolve(other.source()).toAbsolutePath().normalize();
                        String same = taken.equals(w.className()) ? "which " : "whose class file on a case-insensitive"
                                + " file system is that of " + taken + ", which ";
                        clashes.add(new Message(Message.Severity.ERROR, file + ": error: tree " + w.tree()
                                + " compiles to " + w.className() + ", " + same + otherFile
                                + " already defines; rename one of the trees"));
                    }
                }
            }
        }
        return clashes;
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

    private void summarize(BuildReport report, int descriptors, Path sourceDirectory, Path outputDirectory,
                           int pairsGenerated, int pairsUpToDate, int pairsDeclared) {
        if (descriptors == 0 && report.removed() == 0) {
            log.info("ptdesc: no descriptors in " + sourceDirectory);
        } else if (report.compiled() == 0 && report.removed() == 0 && !report.failed() && pairsGenerated == 0) {
            log.info("ptdesc: nothing to compile, all " + BuildReport.count(report.upToDate(), "descriptor")
                    + (pairsDeclared == 0 ? "" : " and " + BuildReport.count(pairsUpToDate, "pair")) + " up to date");
        } else {
            log.info("ptdesc: " + BuildReport.count(report.compiled(), "descriptor") + " compiled into "
                    + outputDirectory + ", " + report.upToDate() + " up to date, " + report.removed() + " removed"
                    + (report.failed() ? ", " + report.failedDescriptors() + " failed" : "")
                    + (pairsDeclared == 0 ? "" : "; " + BuildReport.count(pairsGenerated, "pair") + " generated, "
                            + pairsUpToDate + " up to date"));
        }
    }
}
