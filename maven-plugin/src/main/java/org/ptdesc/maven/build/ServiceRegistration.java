package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import org.ptdesc.maven.staleness.AtomicFile;

/**
 * The {@code META-INF/services/org.ptdesc.runtime.TreeWalker} file of an output directory,
 * through which {@code Walkers.find} locates ahead-of-time walkers with {@link java.util.ServiceLoader}.
 * The plugin owns the lines naming classes it generated; other lines (a user's own resource, an
 * earlier execution's) are kept as they are. Reconciled on every build, not only when something
 * was compiled, so that a resource copied over the file cannot silently unregister walkers.
 */
public record ServiceRegistration(Path file) {

    /** The service file's path inside an output directory. */
    public static final String PATH = "META-INF/services/org.ptdesc.runtime.TreeWalker";

    /** The registration of an output directory. */
    public static ServiceRegistration in(Path outputDirectory) {
        return new ServiceRegistration(outputDirectory.resolve(PATH));
    }

    /**
     * Rewrites the file so that it lists exactly {@code owned} among the classes the plugin
     * generated: lines naming {@code previouslyOwned} classes that are no longer owned are
     * dropped, every other line stays where it is, and owned classes not yet listed are appended
     * in sorted order. So a build that changes nothing leaves the file as it is, and two
     * executions sharing one output directory do not reorder each other's lines. The file is
     * written only when its content changes, and deleted when nothing is left in it.
     *
     * @return true when the file was changed
     */
    public boolean reconcile(Set<String> previouslyOwned, SortedSet<String> owned) throws IOException {
        List<String> before = Files.isRegularFile(file)
                ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> after = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String line : before) {
            String name = className(line);
            boolean dropped = previouslyOwned.contains(name) && !owned.contains(name);
            if (!dropped && (name.isEmpty() || listed.add(name))) {
                after.add(line);
            }
        }
        owned.stream().filter(name -> !listed.contains(name)).forEach(after::add);
        if (after.equals(before)) {
            return false;
        }
        if (after.stream().allMatch(l -> className(l).isEmpty())) {
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
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(ServiceRegistration::className)
                .filter(name -> !name.isEmpty()).toList();
    }

    /** The class a service-file line names: without its comment and blanks (ServiceLoader's syntax). */
    static String className(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }
}
