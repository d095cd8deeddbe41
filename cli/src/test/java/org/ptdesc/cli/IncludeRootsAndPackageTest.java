package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -I DIR} on every command that compiles, and the check of {@code compile --package}: a
 * package name the JVM cannot or must not define classes in is a usage error (status 2), and
 * nothing is written.
 */
class IncludeRootsAndPackageTest {

    static final String MAIN = """
            include "fmt.ptdesc";
            tree t {
                address 30 bits;
                offset 12 bits;
                entry 64 bits;
                root base = base;
                format fmt;
                field frame [51:12];
                level top bits 9 { invalid when !P; table -> frame << 12; }
                level bottom bits 9 { invalid when !P; leaf -> frame << 12; }
            }
            """;

    @TempDir
    Path dir;

    private Path setUp() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/fmt.ptdesc"), "format fmt { flag P [0]; }\n");
        Files.createDirectories(dir.resolve("project"));
        return Files.writeString(dir.resolve("project/t.ptdesc"), MAIN);
    }

    @Test
    void checkFindsIncludesInIncludeRoots() throws IOException {
        Path main = setUp();
        CliRun without = CliRun.of("check", main.toString());
        assertEquals(1, without.status());
        assertTrue(without.err().contains("included file " + dir.resolve("project/fmt.ptdesc") + " does not exist"),
                without.err());
        CliRun with = CliRun.of("check", "-I", dir.resolve("lib").toString(), main.toString());
        assertEquals(0, with.status(), with.err());
        assertEquals(main + ": ok (t)\n", with.out());
    }

    @Test
    void translateAndCompileTakeIncludeRootsToo() throws IOException {
        Path main = setUp();
        CliRun t = CliRun.of("translate", "--desc", main.toString(), "-I", dir.resolve("lib").toString(),
                "--image", main.toString(), "--base", "0", "--root", "0", "0x1000");
        assertFalse(t.err().contains("does not exist"), t.err());
        CliRun c = CliRun.of("compile", "-I", dir.resolve("lib").toString(), "-d", dir.resolve("out").toString(),
                main.toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(Files.exists(dir.resolve("out/org/ptdesc/walkers/TWalker.class")));
    }

    @Test
    void missingIncludeRootIsAUsageError() throws IOException {
        Path main = setUp();
        CliRun r = CliRun.of("check", "-I", dir.resolve("nope").toString(), main.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("-I " + dir.resolve("nope") + ": not a directory"), r.err());
    }

    @Test
    void reservedOrInvalidPackagesAreUsageErrors() throws IOException {
        Path main = setUp();
        for (String bad : new String[] {"java.lang", "javax.foo", "java", "int.class", "org.true.x", "a..b", "1abc",
                "com.example.null", "_"}) {
            Path out = dir.resolve("out-" + bad.hashCode());
            CliRun r = CliRun.of("compile", "--package", bad, "-I", dir.resolve("lib").toString(), "-d", out.toString(),
                    main.toString());
            assertEquals(2, r.status(), bad + ": " + r.err());
            assertTrue(r.err().contains("--package: '" + bad + "'"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
            assertFalse(Files.exists(out), bad);
        }
        CliRun ok = CliRun.of("compile", "--package", "com.example.mmu", "-I", dir.resolve("lib").toString(),
                "-d", dir.resolve("ok").toString(), main.toString());
        assertEquals(0, ok.status(), ok.err());
        assertTrue(Files.exists(dir.resolve("ok/com/example/mmu/TWalker.class")));
    }
}
