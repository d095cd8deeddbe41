package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The package-name rule shared by {@code ptdesc compile --package} and the plugin's {@code packageName}. */
class PackageNameTest {

    @Test
    void ordinaryPackagesPass() {
        for (String ok : new String[] {"org.ptdesc.walkers", "com.example.mmu", "p", "a_b.$c", "javafx.x", "jdk.x",
                "java_.x", "org.javax"}) {
            assertEquals(Optional.empty(), PackageName.problem(ok), ok);
        }
    }

    @Test
    void keywordsLiteralsAndMalformedNamesFail() {
        // JLS 3.9 keywords (including _), and the literals true, false, null, in any part.
        for (String bad : new String[] {"int.class", "a.int", "org.true.x", "false", "com.example.null", "_",
                "a.goto", "const", "a..b", ".a", "a.", "1abc", "a-b", "a b", ""}) {
            assertTrue(PackageName.problem(bad).isPresent(), bad);
        }
    }

    @Test
    void jdkPackagesAreReserved() {
        for (String bad : new String[] {"java", "java.lang", "java.util.x", "javax", "javax.foo"}) {
            String problem = PackageName.problem(bad).orElseThrow();
            assertTrue(problem.contains("reserved"), problem);
        }
    }
}
