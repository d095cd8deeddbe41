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
import javax.lang.model.SourceVersion;

/**
 * The state file kept under {@code target/} between builds: one {@link DescriptorRecord} per
 * descriptor that compiled cleanly last time, and one per declared pair whose pair class was
 * generated (keyed {@code GUEST over HOST}, its inputs those of both descriptors, its one class
 * the pair class). A descriptor or pair that failed has no record, so it is compiled again.
 *
 * <p>The file is plain text, one fact per line, so that a puzzled user can read it:
 * <pre>
 * ptdesc-state 2
 * descriptor x86_64.ptdesc
 *   configuration 3f1c...
 *   input 9a0b... /home/me/project/src/main/ptdesc/x86_64.ptdesc
 *   walker org.ptdesc.walkers.X86_64Walker
 *   undeclared LEVELS
 * pair x86_64.ptdesc#x86_64 over intel_ept.ptdesc#intel_ept
 *   configuration 7d2e...
 *   input 9a0b... /home/me/project/src/main/ptdesc/x86_64.ptdesc
 *   input 51c4... /home/me/project/src/main/ptdesc/intel_ept.ptdesc
 *   walker org.ptdesc.walkers.X86_64OverIntel_EptNestedWalker
 * end
 * </pre>
 * The closing {@code end} line tells a complete file from a truncated one. A file that is not
 * exactly in this form is {@link LastBuild.Damaged}, never read as an empty state: an empty state
 * would make the plugin forget the classes it wrote.
 */
public record BuildState(Map<String, DescriptorRecord> descriptors, Map<String, DescriptorRecord> pairs) {

    private static final String HEADER = "ptdesc-state 2";
    private static final String END = "end";

    public BuildState {
        descriptors = Collections.unmodifiableMap(new TreeMap<>(descriptors));
        pairs = Collections.unmodifiableMap(new TreeMap<>(pairs));
    }

    /** A state without pairs. */
    public BuildState(Map<String, DescriptorRecord> descriptors) {
        this(descriptors, Map.of());
    }

    /** No descriptor known. */
    public static BuildState empty() {
        return new BuildState(Map.of());
    }

    /** Every walker class of every descriptor record, sorted (the pair classes are not walkers). */
    public TreeSet<String> walkers() {
        TreeSet<String> all = new TreeSet<>();
        descriptors.values().forEach(r -> all.addAll(r.walkers()));
        return all;
    }

    /** The pair class of every pair record, sorted. */
    public TreeSet<String> pairClasses() {
        TreeSet<String> all = new TreeSet<>();
        pairs.values().forEach(r -> all.addAll(r.walkers()));
        return all;
    }

    /** Every class this state records: walkers and pair classes. */
    public TreeSet<String> classes() {
        TreeSet<String> all = walkers();
        all.addAll(pairClasses());
        return all;
    }

    /** Reads a state file: {@link LastBuild.None} when it does not exist. */
    public static LastBuild load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new LastBuild.None();
        } catch (IOException e) {
            // Includes bytes that are not UTF-8 (MalformedInputException).
            return new LastBuild.Damaged("unreadable: " + e);
        }
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
            return new LastBuild.Damaged(lines.isEmpty() ? "empty" : "not a '" + HEADER + "' file");
        }
        if (!lines.getLast().equals(END)) {
            return new LastBuild.Damaged("truncated: no '" + END + "' line");
        }
        Map<String, DescriptorRecord> records = new LinkedHashMap<>();
        Map<String, DescriptorRecord> pairs = new LinkedHashMap<>();
        Parsed current = null;
        for (String line : lines.subList(1, lines.size() - 1)) {
            if (line.startsWith("descriptor ") || line.startsWith("pair ")) {
                if (current != null) {
                    (current.pair ? pairs : records).put(current.source, current.toRecord());
                }
                boolean pair = line.startsWith("pair ");
                current = new Parsed(line.substring(pair ? "pair ".length() : "descriptor ".length()), pair);
            } else if (current != null && line.startsWith("  configuration ")) {
                current.configuration = line.substring("  configuration ".length());
            } else if (current != null && line.startsWith("  input ") && line.indexOf(' ', 8) > 0) {
                int space = line.indexOf(' ', 8);
                try {
                    current.inputs.put(Path.of(line.substring(space + 1)), line.substring(8, space));
                } catch (RuntimeException e) {
                    return new LastBuild.Damaged("bad input path in line '" + line + "'");
                }
            } else if (current != null && line.startsWith("  walker ")) {
                String name = line.substring("  walker ".length());
                // A walker line names a file to delete: never let it reach outside the output.
                if (!SourceVersion.isName(name)) {
                    return new LastBuild.Damaged("bad class name in line '" + line + "'");
                }
                current.walkers.add(name);
            } else if (current != null && line.startsWith("  undeclared ")) {
                current.undeclared.add(line.substring("  undeclared ".length()));
            } else {
                return new LastBuild.Damaged("unexpected line '" + line + "'");
            }
        }
        if (current != null) {
            (current.pair ? pairs : records).put(current.source, current.toRecord());
        }
        return new LastBuild.Recorded(new BuildState(records, pairs));
    }

    /** Writes this state to {@code file} (atomically: a crash leaves the old state or the new one). */
    public void store(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (DescriptorRecord r : descriptors.values()) {
            append(sb, "descriptor ", r);
        }
        for (DescriptorRecord r : pairs.values()) {
            append(sb, "pair ", r);
        }
        sb.append(END).append('\n');
        AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void append(StringBuilder sb, String kind, DescriptorRecord r) {
        sb.append(kind).append(r.source()).append('\n');
        sb.append("  configuration ").append(r.configuration()).append('\n');
        r.inputs().forEach((path, digest) -> sb.append("  input ").append(digest).append(' ').append(path).append('\n'));
        r.walkers().forEach(w -> sb.append("  walker ").append(w).append('\n'));
        r.undeclaredParameters().forEach(p -> sb.append("  undeclared ").append(p).append('\n'));
    }

    /** A record being read. */
    private static final class Parsed {
        final String source;
        final boolean pair;
        String configuration = "";
        final Map<Path, String> inputs = new LinkedHashMap<>();
        final List<String> walkers = new ArrayList<>();
        final TreeSet<String> undeclared = new TreeSet<>();

        Parsed(String source, boolean pair) {
            this.source = source;
            this.pair = pair;
        }

        DescriptorRecord toRecord() {
            return new DescriptorRecord(source, configuration, inputs, walkers, undeclared);
        }
    }
}
