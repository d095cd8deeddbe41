package org.ptdesc.maven.build;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.ptdesc.maven.staleness.BuildState;
import org.ptdesc.maven.staleness.DescriptorRecord;
import org.ptdesc.maven.staleness.Sha256;
import org.ptdesc.maven.staleness.StalenessCheck;
import org.ptdesc.maven.staleness.Verdict;

/**
 * The declared pairs of a build ({@code <pairs>}): after the descriptors, generates the pair class
 * of each pair that is stale, incrementally as descriptors are (a pair is up to date when its
 * configuration, the content of every file its two descriptors read and its class are as last
 * time), and removes the classes of pairs no longer declared. Both sides of a pair must be
 * descriptors of this build, so that the two walkers the pair class is built with at run time
 * are generated with the same parameters, into the same output; a side that is not, or that
 * names no tree of its file, is an error of the configuration. A pair whose descriptor has
 * errors in this build is left out (that descriptor's errors fail the build) and loses its old
 * class.
 */
final class PairBuild {

    private final DescriptorCompiler compiler;
    private final BuildLog log;

    PairBuild(DescriptorCompiler compiler, BuildLog log) {
        this.compiler = compiler;
        this.log = log;
    }

    /**
     * What the pairs of a build came to: their records for the next state, the registration lines
     * owned (pair class to {@code GUEST HOST}), how many pair classes were generated, and the
     * errors (already shown).
     */
    record Outcome(Map<String, DescriptorRecord> records, SortedMap<String, String> registered, int generated,
                   int errors) {}

    /**
     * Builds the pairs of {@code request}.
     *
     * @param sources the build's descriptors
     * @param compiled the records of the descriptors that are compiled cleanly in this build
     * @param configuration each descriptor's configuration digest
     */
    Outcome run(BuildRequest request, List<String> sources, Map<String, DescriptorRecord> compiled,
                Function<String, String> configuration, BuildState last, ClassOutput output) throws IOException {
        Path sourceDirectory = request.sources().directory();
        Map<String, DeclaredPair> declared = new LinkedHashMap<>();
        // Pairs are planned as descriptors are, in declaration order: records keyed by the pair, its inputs both files.
        request.pairs().forEach(p -> declared.put(p.key(), p));
        Function<String, String> pairConfiguration = key -> {
            DeclaredPair p = declared.get(key);
            return Sha256.ofText("guest " + p.guest() + " " + configuration.apply(p.guest().source()) + "\nhost "
                    + p.host() + " " + configuration.apply(p.host().source()) + "\n");
        };
        StalenessCheck.Plan plan = StalenessCheck.plan(new BuildState(last.pairs()),
                List.copyOf(declared.keySet()), pairConfiguration, request.outputDirectory());
        for (DescriptorRecord gone : plan.deleted()) {
            output.delete(gone.walkers());
            log.info("ptdesc: pair " + gone.source() + " is no longer declared: removed " + String.join(", ", gone.walkers()));
        }
        Map<String, DescriptorRecord> records = new TreeMap<>();
        SortedMap<String, String> registered = new TreeMap<>();
        int generated = 0;
        int errors = 0;
        for (Verdict verdict : plan.verdicts()) {
            DeclaredPair pair = declared.get(verdict.source());
            List<String> previous = verdict instanceof Verdict.Stale s
                    ? s.previous().map(DescriptorRecord::walkers).orElse(List.of()) : List.of();
            List<Message> problems = sideProblems(pair, sources, sourceDirectory);
            if (!problems.isEmpty()) {
                problems.forEach(m -> m.showIn(log));
                errors += problems.size();
                output.delete(previous);
                continue;
            }
            if (!compiled.containsKey(pair.guest().source()) || !compiled.containsKey(pair.host().source())) {
                log.info("ptdesc: pair " + pair.key() + " not generated: its descriptor has errors");
                output.delete(previous);
                continue;
            }
            if (verdict instanceof Verdict.UpToDate up) {
                records.put(pair.key(), up.record());
                up.record().walkers().forEach(c -> registered.put(c, pair.guest().tree() + " " + pair.host().tree()));
                continue;
            }
            Verdict.Stale stale = (Verdict.Stale) verdict;
            CompiledPair result = compile(compiler, log, pair, sourceDirectory, request.parameters(),
                    request.packageName());
            result.messages().stream().filter(m -> m.severity() == Message.Severity.ERROR).forEach(m -> m.showIn(log));
            if (result.errorCount() > 0 || result.pairClass().isEmpty()) {
                errors += Math.max(1, result.errorCount());
                output.delete(previous);
                continue;
            }
            WalkerClass pairClass = result.pairClass().get();
            output.write(List.of(pairClass));
            output.delete(previous.stream().filter(c -> !c.equals(pairClass.className())).toList());
            records.put(pair.key(), new DescriptorRecord(pair.key(), pairConfiguration.apply(pair.key()), result.inputs(),
                    List.of(pairClass.className())));
            registered.put(pairClass.className(), pair.guest().tree() + " " + pair.host().tree());
            log.info("ptdesc: generated pair " + pair.key() + " (" + reason(stale) + "): " + pairClass.className());
            generated++;
        }
        return new Outcome(records, registered, generated, errors);
    }

    /** Errors for sides that are not descriptors of this build. */
    static List<Message> sideProblems(DeclaredPair pair, List<String> sources, Path sourceDirectory) {
        List<Message> problems = new ArrayList<>();
        for (PairEnd side : List.of(pair.guest(), pair.host())) {
            if (!sources.contains(side.source())) {
                problems.add(new Message(Message.Severity.ERROR, "ptdesc: error: <pairs> pair " + pair.number() + " ("
                        + pair.key() + ") names " + side.source() + ", which is not a descriptor selected in "
                        + sourceDirectory + " (" + (sources.isEmpty() ? "none is" : "selected: " + String.join(", ", sources))
                        + ")"));
            }
        }
        return problems;
    }

    /**
     * The pair class of {@code pair}, each side compiled with the parameters its walker is; a
     * compiler bug becomes an error naming the pair (and fails only it).
     */
    static CompiledPair compile(DescriptorCompiler compiler, BuildLog log, DeclaredPair pair, Path sourceDirectory,
                                ParameterOverrides overrides, String packageName) {
        try {
            return compiler.compilePair(source(pair, pair.guest(), "guest", sourceDirectory, overrides),
                    source(pair, pair.host(), "stage 2 tree", sourceDirectory, overrides), packageName);
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            log.debug(trace.toString());
            return new CompiledPair(List.of(new Message(Message.Severity.ERROR, "ptdesc: error: <pairs> pair "
                    + pair.number() + " (" + pair.key() + "): internal error of the ptdesc compiler: " + e)),
                    Optional.empty(), pair.host().tree(), Map.of());
        }
    }

    /** One side of a pair as the compiler is given it: with the parameters its walker is compiled with. */
    private static PairSource source(DeclaredPair pair, PairEnd side, String role, Path sourceDirectory,
                             ParameterOverrides overrides) {
        return new PairSource(sourceDirectory.resolve(side.source()).toAbsolutePath().normalize(), side.tree(),
                overrides.offeredTo(side.source()), overrides.requiredBy(side.source()),
                "the " + role + " of <pairs> pair " + pair.number() + " (" + pair.key() + ")");
    }

    private static String reason(Verdict.Stale stale) {
        return switch (stale.reason()) {
            case NEW -> "new";
            case CONFIGURATION_CHANGED -> "configuration changed";
            case INPUT_CHANGED -> "changed: " + stale.detail();
            case OUTPUT_MISSING -> "class file missing: " + stale.detail();
        };
    }
}
