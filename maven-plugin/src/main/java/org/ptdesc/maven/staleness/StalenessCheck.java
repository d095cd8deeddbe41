package org.ptdesc.maven.staleness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Decides, from the last build's {@link BuildState}, which descriptors must be compiled again
 * and which ones were deleted since. A descriptor is up to date when its configuration digest
 * matches, every file it read last time still has the same content, and every class it produced
 * is still in the output directory.
 */
public final class StalenessCheck {

    private StalenessCheck() {}

    /** The outcome: one verdict per current descriptor, in order, and the records of deleted ones. */
    public record Plan(List<Verdict> verdicts, List<DescriptorRecord> deleted) {

        public Plan {
            verdicts = List.copyOf(verdicts);
            deleted = List.copyOf(deleted);
        }

        /** The stale descriptors. */
        public List<Verdict.Stale> stale() {
            return verdicts.stream().filter(Verdict.Stale.class::isInstance).map(Verdict.Stale.class::cast).toList();
        }

        /** The records of the up-to-date descriptors. */
        public List<DescriptorRecord> upToDate() {
            return verdicts.stream().filter(Verdict.UpToDate.class::isInstance)
                    .map(v -> ((Verdict.UpToDate) v).record()).toList();
        }

        /** True when there is nothing to compile and nothing to remove. */
        public boolean nothingToDo() {
            return stale().isEmpty() && deleted.isEmpty();
        }
    }

    /**
     * Plans a build.
     *
     * @param sources the current descriptors, relative to the source directory
     * @param configuration the digest of each descriptor's current {@link BuildConfiguration}
     *     (descriptors can be offered different parameters)
     */
    public static Plan plan(BuildState last, List<String> sources, Function<String, String> configuration,
                            Path outputDirectory) throws IOException {
        List<Verdict> verdicts = new ArrayList<>();
        for (String source : sources) {
            verdicts.add(verdict(last.descriptors().get(source), source, configuration.apply(source), outputDirectory));
        }
        Set<String> current = new TreeSet<>(sources);
        List<DescriptorRecord> deleted = last.descriptors().values().stream()
                .filter(r -> !current.contains(r.source())).toList();
        return new Plan(verdicts, deleted);
    }

    private static Verdict verdict(DescriptorRecord record, String source, String configuration, Path outputDirectory)
            throws IOException {
        if (record == null) {
            return new Verdict.Stale(source, Verdict.Reason.NEW, "", Optional.empty());
        }
        if (!record.configuration().equals(configuration)) {
            return new Verdict.Stale(source, Verdict.Reason.CONFIGURATION_CHANGED, "", Optional.of(record));
        }
        for (Map.Entry<Path, String> input : record.inputs().entrySet()) {
            Path file = input.getKey();
            if (!Files.isRegularFile(file) || !Sha256.ofFile(file).equals(input.getValue())) {
                return new Verdict.Stale(source, Verdict.Reason.INPUT_CHANGED, file.toString(), Optional.of(record));
            }
        }
        for (String walker : record.walkers()) {
            Path classFile = outputDirectory.resolve(DescriptorRecord.classFile(walker));
            if (!Files.isRegularFile(classFile)) {
                return new Verdict.Stale(source, Verdict.Reason.OUTPUT_MISSING, classFile.toString(), Optional.of(record));
            }
        }
        return new Verdict.UpToDate(record);
    }
}
