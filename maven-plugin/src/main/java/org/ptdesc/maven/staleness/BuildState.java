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
 * descriptor that compiled cleanly last time. A descriptor that failed has no record, so it is
 * compiled again.
 *
 * <p>The file is plain text, one fact per line, so that a puzzled user can read it:
 * <pre>
 * ptdesc-state 2
 * descriptor x86_64.ptdesc
 *   configuration 3f1c...
 *   input 9a0b... /home/me/project/src/main/ptdesc/x86_64.ptdesc
 *   walker org.ptdesc.walkers.X86_64Walker
 *   undeclared LEVELS
 * end
 * </pre>
 * The closing {@code end} line tells a complete file from a truncated one. A file that is not
 * exactly in this form is {@link LastBuild.Damaged}, never read as an empty state: an empty state
 * would make the plugin forget the classes it wrote.
 */
public record BuildState(Map<String, DescriptorRecord> descriptors) {

    private static final String HEADER = "ptdesc-state 2";
    private static final String END = "end";

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
        Parsed current = null;
        for (String line : lines.subList(1, lines.size() - 1)) {
            if (line.startsWith("descriptor ")) {
                if (current != null) {
                    records.put(current.source, current.toRecord());
                }
                current = new Parsed(line.substring("descriptor ".length()));
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
            records.put(current.source, current.toRecord());
        }
        return new LastBuild.Recorded(new BuildState(records));
    }

    /** Writes this state to {@code file} (atomically: a crash leaves the old state or the new one). */
    public void store(Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (DescriptorRecord r : descriptors.values()) {
            sb.append("descriptor ").append(r.source()).append('\n');
            sb.append("  configuration ").append(r.configuration()).append('\n');
            r.inputs().forEach((path, digest) -> sb.append("  input ").append(digest).append(' ').append(path).append('\n'));
            r.walkers().forEach(w -> sb.append("  walker ").append(w).append('\n'));
            r.undeclaredParameters().forEach(p -> sb.append("  undeclared ").append(p).append('\n'));
        }
        sb.append(END).append('\n');
        AtomicFile.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A record being read. */
    private static final class Parsed {
        final String source;
        String configuration = "";
        final Map<Path, String> inputs = new LinkedHashMap<>();
        final List<String> walkers = new ArrayList<>();
        final TreeSet<String> undeclared = new TreeSet<>();

        Parsed(String source) {
            this.source = source;
        }

        DescriptorRecord toRecord() {
            return new DescriptorRecord(source, configuration, inputs, walkers, undeclared);
        }
    }
}
