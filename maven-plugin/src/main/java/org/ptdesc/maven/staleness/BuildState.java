package org.ptdesc.maven.staleness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The state file kept under {@code target/} between builds: one {@link DescriptorRecord} per
 * descriptor that compiled cleanly last time. A descriptor that failed has no record, so it is
 * compiled again; a missing or unreadable file means "nothing is known", so everything is.
 *
 * <p>The file is plain text, one fact per line, so that a puzzled user can read it:
 * <pre>
 * ptdesc-state 1
 * descriptor x86_64.ptdesc
 *   configuration 3f1c...
 *   input 9a0b... /home/me/project/src/main/ptdesc/x86_64.ptdesc
 *   walker org.ptdesc.walkers.X86_64Walker
 * </pre>
 */
public record BuildState(Map<String, DescriptorRecord> descriptors) {

    private static final String HEADER = "ptdesc-state 1";

    public BuildState {
        descriptors = Collections.unmodifiableMap(new TreeMap<>(descriptors));
    }

    /** No descriptor known. */
    public static BuildState empty() {
        return new BuildState(Map.of());
    }

    /** Every walker class of every record, sorted. */
    public TreeSet<String> walkers() {
        TreeSet<String> all = new TreeSet<>();
        descriptors.values().forEach(r -> all.addAll(r.walkers()));
        return all;
    }

    /** Reads a state file; a missing, foreign or damaged file reads as {@link #empty()}. */
    public static BuildState load(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return empty();
        }
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            return empty();
        }
        Map<String, DescriptorRecord> records = new LinkedHashMap<>();
        Parsed current = null;
        for (String line : lines.subList(1, lines.size())) {
            if (line.startsWith("descriptor ")) {
                if (current != null) {
                    records.put(current.source, current.toRecord());
                }
                current = new Parsed(line.substring("descriptor ".length()));
            } else if (current != null && line.startsWith("  configuration ")) {
                current.configuration = line.substring("  configuration ".length());
            } else if (current != null && line.startsWith("  input ") && line.indexOf(' ', 8) > 0) {
                int space = line.indexOf(' ', 8);
                current.inputs.put(Path.of(line.substring(space + 1)), line.substring(8, space));
            } else if (current != null && line.startsWith("  walker ")) {
                current.walkers.add(line.substring("  walker ".length()));
            } else if (!line.isBlank()) {
                return empty();
            }
        }
        if (current != null) {
            records.put(current.source, current.toRecord());
        }
        return new BuildState(records);
    }

    /** Writes this state to {@code file} (atomically: a crash leaves the old state or the new one). */
    public void store(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (DescriptorRecord r : descriptors.values()) {
            sb.append("descriptor ").append(r.source()).append('\n');
            sb.append("  configuration ").append(r.configuration()).append('\n');
            r.inputs().forEach((path, digest) -> sb.append("  input ").append(digest).append(' ').append(path).append('\n'));
            r.walkers().forEach(w -> sb.append("  walker ").append(w).append('\n'));
        }
        AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A record being read. */
    private static final class Parsed {
        final String source;
        String configuration = "";
        final Map<Path, String> inputs = new LinkedHashMap<>();
        final List<String> walkers = new ArrayList<>();

        Parsed(String source) {
            this.source = source;
        }

        DescriptorRecord toRecord() {
            return new DescriptorRecord(source, configuration, inputs, walkers);
        }
    }
}
