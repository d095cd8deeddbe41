package org.ptdesc.compiler.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code META-INF/services/org.ptdesc.runtime.TreeWalker} file of a class directory, through
 * which {@code Walkers.find} locates ahead-of-time walkers with {@link java.util.ServiceLoader}.
 * The one writer of that file: a tool owns the lines naming classes it generated; other lines (a
 * user's own resource, another execution's) stay as they are.
 */
public record ServiceFile(Path file) {

    /** The service file's path inside a class directory. */
    public static final String PATH = "META-INF/services/org.ptdesc.runtime.TreeWalker";

    /** The service file of {@code classDirectory}. */
    public static ServiceFile in(Path classDirectory) {
        return new ServiceFile(classDirectory.resolve(PATH));
    }

    /**
     * Rewrites the file so that it lists exactly {@code owned} among the classes the caller
     * generated: lines naming {@code previouslyOwned} classes that are no longer owned are
     * dropped, every other line stays where it is, and owned classes not yet listed are appended
     * in {@code owned}'s order. So a run that changes nothing leaves the file as it is, and two
     * runs sharing one directory do not reorder each other's lines. The file is written only when
     * its content changes, and deleted when nothing is left in it.
     *
     * @return true when the file was changed
     */
    public boolean reconcile(Set<String> previouslyOwned, Collection<String> owned) throws IOException {
        List<String> before = Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        Set<String> keep = new HashSet<>(owned);
        List<String> after = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        for (String line : before) {
            String name = className(line);
            boolean dropped = previouslyOwned.contains(name) && !keep.contains(name);
            if (!dropped && (name.isEmpty() || listed.add(name))) {
                after.add(line);
            }
        }
        owned.stream().filter(listed::add).forEach(after::add);
        if (after.equals(before)) {
            return false;
        }
        if (after.stream().allMatch(l -> className(l).isEmpty())) {
            return Files.deleteIfExists(file);
        }
        OutputFile.write(file, (String.join("\n", after) + "\n").getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** The class a service-file line names: without its comment and blanks (ServiceLoader's syntax). */
    public static String className(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }
}
