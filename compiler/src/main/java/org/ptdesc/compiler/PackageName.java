package org.ptdesc.compiler;

import java.util.Optional;
import javax.lang.model.SourceVersion;

/**
 * The rule for the Java package of generated walker classes, shared by the command line's
 * {@code --package} and the Maven plugin's {@code packageName}: every dot-separated part a Java
 * identifier that is neither a keyword nor a reserved literal ({@code int}, {@code class},
 * {@code true}, {@code null}, {@code _}), and nothing under {@code java} or {@code javax}, which
 * the JDK reserves (no class loader may define a class in {@code java.*}).
 */
public final class PackageName {

    private PackageName() {}

    /** Why {@code name} cannot be the package of generated classes; empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("the package name is empty");
        }
        if (!SourceVersion.isName(name, SourceVersion.latest())) {
            return Optional.of("'" + name + "' is not a Java package name: each part must be a Java identifier,"
                    + " not a keyword or a literal");
        }
        if (name.equals("java") || name.startsWith("java.") || name.equals("javax") || name.startsWith("javax.")) {
            return Optional.of("'" + name + "' is reserved: packages java and javax belong to the JDK");
        }
        return Optional.empty();
    }
}
