package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code translate} and {@code walk} with {@code --access}, {@code --user} and {@code --mode} on
 * the bundled x86-64 user-mode guest. Expectations come from QEMU's {@code info mem} for the
 * guest (images/x86_64-4l-nokaslr-user/info-mem.txt.gz): 0x7fad6085b607 lies in the user
 * read-only range 7fad60801000-7fad61000000 ({@code ur-}), 0xffffff54cf83bfaf in a supervisor
 * range ({@code -r-}), and the user-writable ({@code urw}) ranges add up to 0x7000 bytes.
 */
class AccessOptionsTest {

    static final String[] X86 = {"--desc", CliTest.X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3};

    static CliRun run(String command, String... rest) {
        String[] args = new String[1 + X86.length + rest.length];
        args[0] = command;
        System.arraycopy(X86, 0, args, 1, X86.length);
        System.arraycopy(rest, 0, args, 1 + X86.length, rest.length);
        return CliRun.of(args);
    }

    @Test
    void userReadsFollowUserSupervisor() {
        CliRun r = run("translate", "--access", "read", "--user", "0x7fad6085b607", "0xffffff54cf83bfaf", "0");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "0x7fad6085b607 0x6e30607",
                "0xffffff54cf83bfaf denied: §4.6.1: user-mode access to a supervisor-mode address (U/S = 0 at some level)",
                "0x0 unmapped: not present at PD (level 2) (entry 0x0)"), r.out().lines().toList());
    }

    @Test
    void userWritesFollowReadWrite() {
        CliRun r = run("translate", "--access", "write", "--user", "0x7fad6085b607");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("0x7fad6085b607 denied: §4.6.1: user-mode write to a read-only address (R/W = 0 at some level)"),
                r.out().lines().toList());
    }

    @Test
    void modesChangeTheAnswerAndDetailNamesRuleLevelAndEntry() {
        // A supervisor read of a user page: SMAP (default 1, AC = 0) denies it; --mode SMAP=0 allows it.
        CliRun denied = run("translate", "--access", "read", "--detail", "0x7fad6085b607");
        assertEquals(0, denied.status(), denied.err());
        String line = denied.out().strip();
        assertTrue(line.startsWith("0x7fad6085b607 denied: §4.6.1: supervisor-mode data access to a user-mode address"
                + " with CR4.SMAP = 1 and RFLAGS.AC = 0 (rule 5, PT (level 3), entry 0x"), line);
        CliRun allowed = run("translate", "--access", "read", "--mode", "SMAP=0", "0x7fad6085b607");
        assertEquals("0x7fad6085b607 0x6e30607", allowed.out().strip(), allowed.err());
        CliRun ac = run("translate", "--access", "read", "--mode", "AC=1", "--mode", "SMAP=0b1", "0x7fad6085b607");
        assertEquals("0x7fad6085b607 0x6e30607", ac.out().strip(), ac.err());
    }

    @Test
    void walkListsOnlyWhatTheAccessMayReach() {
        CliRun r = run("walk", "--access", "write", "--user", "--format", "tsv");
        assertEquals(0, r.status(), r.err());
        List<String> rows = r.out().lines().skip(1).toList();
        long bytes = 0;
        for (String row : rows) {
            String[] f = row.split("\t");
            bytes += Long.decode(f[2]);
            long attributes = Long.decode(f[4]);
            // Attribute word of x86_64: writable bit 0, user bit 1.
            assertEquals(3, attributes & 3, row);
        }
        assertEquals(0x7000, bytes, "the urw ranges of info mem");
        CliRun all = run("walk", "--format", "tsv");
        assertTrue(all.out().lines().count() > rows.size() + 60_000, "the plain walk lists every leaf");
    }

    @Test
    void badAccessOptionsAreClearErrors() {
        CliRun unknownMode = run("translate", "--access", "read", "--mode", "FOO=1", "0");
        assertEquals(1, unknownMode.status());
        assertTrue(unknownMode.err().contains("--mode: tree x86_64 has no mode 'FOO'; its modes: WP, SMEP, SMAP, AC, NXE, PKE, PKRU"),
                unknownMode.err());
        CliRun range = run("translate", "--access", "read", "--mode", "WP=2", "0");
        assertEquals(1, range.status());
        assertTrue(range.err().contains("--mode: mode WP of tree x86_64 is 1 bit wide: 2 is out of range 0..1"), range.err());
        CliRun kind = run("translate", "--access", "fetch", "0");
        assertEquals(2, kind.status()); // a malformed option value: a usage error
        assertTrue(kind.err().contains("--access: unknown access kind 'fetch': expected read, write or execute"), kind.err());
        CliRun lone = run("walk", "--user");
        assertEquals(2, lone.status()); // options that need another: a usage error
        assertTrue(lone.err().contains("--user and --mode need --access read|write|execute"), lone.err());
        for (CliRun c : List.of(unknownMode, range, kind, lone)) {
            assertFalse(c.err().contains("Exception"), c.err());
            assertEquals("", c.out());
        }
    }

    @Test
    void twoRootTreesTakeTheAccessOptionsToo() {
        // The bundled arm64 guest: the kernel address (TTBR1, AP[1] = 0) is EL1-only, so an EL0
        // read is denied; the user address (TTBR0) reads at EL0 (QEMU's gva2gpa gives the address).
        java.nio.file.Path arm = java.nio.file.Path.of("..", "samples", "images", "arm64-4k48-nokaslr-kernel");
        CliRun r = CliRun.of("translate", "--desc", CliTest.DESCRIPTORS.resolve("aarch64_4k.ptdesc").toString(),
                "--image", arm.resolve("dump.elf.gz").toString(), "--root", "0x431d7000", "--root", "0x46000041853000",
                "--access", "read", "--user", "0xffff0000077e5127", "0x4a4f9f");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "0xffff0000077e5127 denied: D8.4.1: EL0 data access to a location with AP[1] = 0 or APTable[0] = 1 (EL1 only)",
                "0x4a4f9f 0x4fe93f9f"), r.out().lines().toList());
    }
}
