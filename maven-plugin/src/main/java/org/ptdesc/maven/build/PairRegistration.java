package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import org.ptdesc.maven.staleness.AtomicFile;
import org.ptdesc.runtime.NestedWalkers;

/**
 * The {@value NestedWalkers#REGISTRY} file of an output directory, through which
 * {@code NestedWalkers.find(guest, host)} locates the pair classes generated ahead of time: one
 * {@code GUEST HOST CLASS} line per pair. As with {@link ServiceRegistration}, the plugin owns the
 * lines naming classes it generated and leaves the others where they are; it is reconciled on
 * every build, written only when its content changes, and deleted when nothing is left in it.
 */
public record PairRegistration(Path file) {

    /** The registration of an output directory. */
    public static PairRegistration in(Path outputDirectory) {
        return new PairRegistration(outputDirectory.resolve(NestedWalkers.REGISTRY));
    }

    /**
     * Rewrites the file so that it lists exactly {@code owned} (pair class to its
     * {@code GUEST HOST} trees) among the classes the plugin generated: lines naming
     * {@code previouslyOwned} classes that are no longer owned go, as does an owned class's line
     * that names other trees; other lines stay in place, and owned classes not yet listed are
     * appended in class-name order.
     *
     * @return true when the file was changed
     */
    public boolean reconcile(Set<String> previouslyOwned, SortedMap<String, String> owned) throws IOException {
        List<String> before = Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> after = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String line : before) {
            String[] fields = fields(line);
            if (fields.length != 3) {
                after.add(line);
                continue;
            }
            String className = fields[2];
            boolean mine = owned.containsKey(className);
            boolean dropped = (previouslyOwned.contains(className) && !mine)
                    || (mine && !owned.get(className).equals(fields[0] + " " + fields[1]));
            if (!dropped && listed.add(className)) {
                after.add(line);
            }
        }
        owned.forEach((className, trees) -> {
            if (listed.add(className)) {
                after.add(trees + " " + className);
            }
        });
        if (after.equals(before)) {
            return false;
        }
        if (after.stream().allMatch(l -> fields(l).length == 0)) {
            return Files.deleteIfExists(file);
        }
        AtomicFile.write(file, (String.join("\n", after) + "\n").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** The classes the file lists, in order; none when there is no file. */
    public List<String> listed() throws IOException {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(PairRegistration::fields)
                .filter(f -> f.length == 3).map(f -> f[2]).toList();
    }

    /** A line's fields, without its comment: none for a blank or comment line. */
    static String[] fields(String line) {
        int hash = line.indexOf('#');
        String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
        return content.isEmpty() ? new String[0] : content.split("\\s+");
    }
}
