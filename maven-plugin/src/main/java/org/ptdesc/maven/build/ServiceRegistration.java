package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import org.ptdesc.compiler.output.ServiceFile;

/**
 * The {@code META-INF/services/org.ptdesc.runtime.TreeWalker} file of an output directory,
 * through which {@code Walkers.find} locates ahead-of-time walkers with {@link java.util.ServiceLoader}.
 * The plugin owns the lines naming classes it generated; other lines (a user's own resource, an
 * earlier execution's) are kept as they are. Reconciled on every build, not only when something
 * was compiled, so that a resource copied over the file cannot silently unregister walkers.
 */
public record ServiceRegistration(Path file) {

    /** The service file's path inside an output directory. */
    public static final String PATH = ServiceFile.PATH;

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
        return new ServiceFile(file).reconcile(previouslyOwned, owned);
    }

    /** The class a service-file line names: without its comment and blanks (ServiceLoader's syntax). */
    static String className(String line) {
        return ServiceFile.className(line);
    }
}
