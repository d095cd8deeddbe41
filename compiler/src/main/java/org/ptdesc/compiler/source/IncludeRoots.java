package org.ptdesc.compiler.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories includes may read from, and how an include path finds its file (as
 * {@code protoc --proto_path} or a C compiler's {@code -I}). The roots are the directory of the
 * descriptor being compiled, always, and the extra directories the user gave ({@code -I DIR}, the
 * Maven plugin's source directory). A relative include path is tried against the directory of
 * the file that contains the {@code include}, then against each extra root in order; an absolute
 * one is taken as it is. A candidate is accepted only when it lies inside a root twice over: as
 * written, after {@code ..} is removed, and after symbolic links are resolved. So neither
 * {@code ../../etc/passwd}, nor {@code /proc/self/environ}, nor a link inside a root that points
 * out of it can make the compiler read (and echo) a file the user did not put under a root.
 */
public final class IncludeRoots {

    /** No extra roots: only the compiled file's directory. */
    public static final IncludeRoots NONE = new IncludeRoots(List.of());

    private final List<Path> extra;

    private IncludeRoots(List<Path> extra) {
        this.extra = List.copyOf(extra);
    }

    /** The compiled file's directory plus {@code directories}, tried in the given order. */
    public static IncludeRoots of(List<Path> directories) {
        return new IncludeRoots(directories.stream().map(d -> d.toAbsolutePath().normalize()).toList());
    }

    /** The extra roots, absolute and normalised. */
    public List<Path> extra() {
        return extra;
    }

    /** Where an include path leads. */
    public sealed interface Resolution {}

    /** The file: {@code shown} as diagnostics name it, {@code real} the file to read (links resolved). */
    public record Found(Path shown, Path real) implements Resolution {}

    /** No root holds such a file; {@code shown} is where it was looked for first. */
    public record Missing(Path shown) implements Resolution {}

    /** The path is refused; {@code why} completes the message of {@link DiagnosticCode#INCLUDE_OUTSIDE_ROOTS}. */
    public record Refused(String why) implements Resolution {}

    /** The path is not a path on this system. */
    public record Invalid() implements Resolution {}

    /**
     * Resolves {@code include} written in a file of directory {@code fromDirectory} (as the file
     * was named, may be null for the current directory), for a compilation of a file in
     * {@code mainDirectory}.
     */
    public Resolution resolve(String include, Path fromDirectory, Path mainDirectory) {
        Path written;
        try {
            written = Path.of(include);
        } catch (InvalidPathException e) {
            return new Invalid();
        }
        if (include.isEmpty()) {
            return new Invalid();
        }
        List<Path> roots = new ArrayList<>();
        roots.add(mainDirectory.toAbsolutePath().normalize());
        roots.addAll(extra);
        List<Path> realRoots = realPaths(roots);
        List<Path> candidates = new ArrayList<>();
        if (written.isAbsolute()) {
            candidates.add(written.normalize());
        } else {
            candidates.add((fromDirectory == null ? written : fromDirectory.resolve(written)).normalize());
            extra.forEach(root -> candidates.add(root.resolve(written).normalize()));
        }
        Refused refused = null;
        for (Path candidate : candidates) {
            Path absolute = candidate.toAbsolutePath().normalize();
            if (!inside(absolute, roots) && !inside(absolute, realRoots)) {
                refused = refused != null ? refused : new Refused(written.isAbsolute()
                        ? "an absolute path must name a file inside one of them"
                        : "the path leads out of them (roots: the compiled file's directory and -I directories)");
                continue;
            }
            if (!Files.exists(absolute)) {
                continue;
            }
            Path real;
            try {
                real = absolute.toRealPath();
            } catch (IOException | SecurityException e) {
                continue;
            }
            if (!inside(real, realRoots)) {
                refused = refused != null ? refused : new Refused("a symbolic link leads out of them");
                continue;
            }
            return new Found(candidate, real);
        }
        return refused != null ? refused : new Missing(candidates.getFirst());
    }

    private static List<Path> realPaths(List<Path> roots) {
        List<Path> out = new ArrayList<>();
        for (Path r : roots) {
            try {
                out.add(r.toRealPath());
            } catch (IOException | SecurityException e) {
                // A root that does not exist holds no file.
            }
        }
        return out;
    }

    private static boolean inside(Path file, List<Path> roots) {
        for (Path r : roots) {
            if (file.startsWith(r) && !file.equals(r)) {
                return true;
            }
        }
        return false;
    }
}
