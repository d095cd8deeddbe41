package org.ptdesc.compiler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.codegen.ListingTest;
import org.ptdesc.compiler.codegen.MapperListingTest;
import org.ptdesc.compiler.ir.IrListingGoldenTest;

/**
 * The one way to rewrite the golden files (diagnostics, IR listings, generated-code listings):
 * a main class run by hand through the {@code regenerate-golden} Maven profile, never by a test.
 * It refuses to run when the environment variable {@code CI} is set, so a build server cannot
 * turn a failing comparison into a passing one; on a workstation it writes every file whose
 * text changed and lists them, for the author to review in the diff before committing.
 */
public final class RegenerateGoldenFiles {

    private RegenerateGoldenFiles() {}

    /** Every golden file the compiler's tests compare. */
    static List<GoldenFile> all() throws IOException {
        List<GoldenFile> all = new ArrayList<>(DiagnosticGoldenTest.goldenFiles());
        all.addAll(IrListingGoldenTest.goldenFiles());
        all.addAll(ListingTest.goldenFiles());
        all.addAll(MapperListingTest.goldenFiles());
        return all;
    }

    /** The refusal message when {@code ci} (the value of {@code CI}) is set, else null. */
    static String refusal(String ci) {
        return ci == null || ci.isEmpty() ? null
                : "refusing to regenerate golden files: CI is set (CI=" + ci + "); regenerate on a workstation and commit the reviewed diff";
    }

    public static void main(String[] args) throws IOException {
        String refusal = refusal(System.getenv("CI"));
        if (refusal != null) {
            // Thrown, so the JVM exits with a failure status and the Maven build fails.
            throw new IllegalStateException(refusal);
        }
        int changed = 0;
        List<GoldenFile> files = all();
        for (GoldenFile file : files) {
            if (file.write()) {
                System.out.println("rewrote " + file.expected());
                changed++;
            }
        }
        System.out.println(changed + " of " + files.size() + " golden files changed; review them with git diff before committing");
    }
}
