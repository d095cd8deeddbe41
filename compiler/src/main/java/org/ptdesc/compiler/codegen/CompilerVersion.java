package org.ptdesc.compiler.codegen;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of this compiler, stamped into every generated class and into the Maven plugin's
 * staleness key, so that upgrading ptdesc rebuilds what it generated.
 */
public final class CompilerVersion {

    /** The project version this compiler was built as ("dev" when run from unpackaged sources). */
    public static final String VERSION = read();

    private CompilerVersion() {}

    private static String read() {
        try (InputStream in = CompilerVersion.class.getResourceAsStream("/org/ptdesc/compiler/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
