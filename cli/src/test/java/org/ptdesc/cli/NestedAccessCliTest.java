package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code translate} and {@code walk} with {@code --stage2} and {@code --access}: both stages'
 * permission rules, on the hand-built x86-64-over-EPT image of {@link NestedCliTest} with three
 * more entries (expectations by hand from SDM Vol. 3A §4.6.1 and Vol. 3C §29.3.3.2):
 * <pre>
 * EPT PT[2]: GPA 0x20_2000 -> HPA 0x10_2000, read-only (bits 2:0 = 001b)
 * EPT PT[3]: GPA 0x20_3000 -> HPA 0x10_3000, execute-only (100b)
 * guest PD[2] -> PT at GPA 0x20_3000 (in the execute-only EPT page); its PT[0] -> GPA 0x5000
 * guest PT[5] -> GPA 0x6000 with P and U/S, R/W = 0
 * </pre>
 */
class NestedAccessCliTest {
    static final String X86 = "../samples/descriptors/x86_64.ptdesc";
    static final String EPT = "../samples/descriptors/intel_ept.ptdesc";

    @TempDir
    Path dir;
    Path image;

    @BeforeEach
    void image() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(0x40_0000).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0x1000, 0x2000 | 7);
        b.putLong(0x2000, 0x3000 | 7);
        b.putLong(0x3000, 0x20_0000 | 7 | 0x80 | 6 << 3);
        b.putLong(0x3008, 0x4000 | 7);
        long[] perms = {7, 7, 1, 4};
        for (int i = 0; i < 4; i++) {
            b.putLong(0x4000 + 8 * i, 0x10_0000 + 0x1000L * i | perms[i] | 6 << 3);
        }
        int g = 0x20_0000;
        b.putLong(g + 0x1000, 0x2000 | 7);
        b.putLong(g + 0x2000, 0x3000 | 7);
        b.putLong(g + 0x3000, 0x4000 | 7);
        b.putLong(g + 0x3008, 0x20_0000 | 7 | 0x80);
        b.putLong(g + 0x3010, 0x20_3000 | 7);
        b.putLong(0x10_3000, 0x5000 | 7);
        b.putLong(g + 0x4000 + 3 * 8, 0x5000 | 7);
        b.putLong(g + 0x4000 + 5 * 8, 0x6000 | 5);
        image = dir.resolve("host.raw");
        Files.write(image, b.array());
    }

    String[] args(String engine, String command, String... more) {
        String[] common = {command, engine, "--desc", X86, "--root", "0x1000", "--stage2", EPT, "--stage2-root", "0x101e",
                "--image", image.toString(), "--base", "0"};
        String[] all = Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return Arrays.stream(all).filter(a -> !a.isEmpty()).toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void translateNamesTheStageAndRuleThatDenies(String engine) {
        CliRun run = CliRun.of(args(engine, "translate", "--access", "write", "--user",
                "0x3abc", "0x202345", "0x400000", "0x5010", "0x7000"));
        assertEquals(0, run.status(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(5, lines.length, run.out());
        assertEquals("0x3abc 0x205abc", lines[0]);
        assertEquals("0x202345 denied: stage 2: §29.3.3.2: write to a guest-physical address with bit 1 (write) = 0"
                + " in some EPT entry translating guest physical 0x202345, the guest's page", lines[1]);
        assertEquals("0x400000 denied: stage 2: §29.3.3.2: read of a guest-physical address with bit 0 (read) = 0"
                + " in some EPT entry translating guest physical 0x203000, a read of an entry of the guest's PT table"
                + " (level 3)", lines[2]);
        assertEquals("0x5010 denied: guest: §4.6.1: user-mode write to a read-only address (R/W = 0 at some level)",
                lines[3]);
        assertTrue(lines[4].startsWith("0x7000 unmapped: guest: not present at PT (level 3)"), lines[4]);
        // Reads: EPT's read-only page and the guest's read-only page allow them; the guest table
        // in the execute-only EPT page still denies (the table read is a read whatever the access).
        CliRun read = CliRun.of(args(engine, "translate", "--access", "read", "--user", "0x202345", "0x5010", "0x400000"));
        assertEquals(0, read.status(), read.err());
        String[] r = read.out().split("\n");
        assertEquals("0x202345 0x102345", r[0]);
        assertEquals("0x5010 0x206010", r[1]);
        assertTrue(r[2].startsWith("0x400000 denied: stage 2: §29.3.3.2: read of"), r[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void stage2ModesAreTheStage2Trees(String engine) {
        CliRun allowed = CliRun.of(args(engine, "translate", "--access", "execute", "--user", "0x3abc"));
        assertEquals("0x3abc 0x205abc", allowed.out().strip(), allowed.err());
        // With mode-based execute control, a user fetch needs EPT bit 10, set in no entry here.
        CliRun mbec = CliRun.of(args(engine, "translate", "--access", "execute", "--user", "--stage2-mode", "MBEC=1",
                "--detail", "0x3abc"));
        assertEquals(0, mbec.status(), mbec.err());
        assertTrue(mbec.out().startsWith("0x3abc denied: stage 2: §29.3.3.2: instruction fetch with execute permission 0"),
                mbec.out());
        assertTrue(mbec.out().contains("(rule 2, PD (level 2), entry 0x200"), mbec.out());
        assertTrue(mbec.out().strip().endsWith("translating guest physical 0x5abc, the guest's page"), mbec.out());
        // --mode is the guest's: WP = 0 and SMAP = 0 let the supervisor write the guest's read-only page.
        CliRun wp = CliRun.of(args(engine, "translate", "--access", "write", "--mode", "WP=0", "--mode", "SMAP=0",
                "0x5010"));
        assertEquals("0x5010 0x206010", wp.out().strip(), wp.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void walkListsOnlyWhatTheAccessMayReach(String engine) {
        String[] range = {"--format", "tsv", "--from", "0x200000", "--to", "0x203fff"};
        assertEquals(String.join("\n", "va\tpa\tsize\tlevel\tattributes",
                "0x200000\t0x100000\t0x1000\t2\t0x3",
                "0x201000\t0x101000\t0x1000\t2\t0x3"), walk(engine, "write", range));
        assertEquals(String.join("\n", "va\tpa\tsize\tlevel\tattributes",
                "0x200000\t0x100000\t0x1000\t2\t0x3",
                "0x201000\t0x101000\t0x1000\t2\t0x3",
                "0x202000\t0x102000\t0x1000\t2\t0x3"), walk(engine, "read", range));
        assertEquals(String.join("\n", "va\tpa\tsize\tlevel\tattributes",
                "0x200000\t0x100000\t0x1000\t2\t0x3",
                "0x201000\t0x101000\t0x1000\t2\t0x3",
                "0x203000\t0x103000\t0x1000\t2\t0x3"), walk(engine, "execute", range));
    }

    private String walk(String engine, String access, String... range) {
        String[] more = Arrays.copyOf(range, range.length + 3);
        more[range.length] = "--access";
        more[range.length + 1] = access;
        more[range.length + 2] = "--user";
        CliRun run = CliRun.of(args(engine, "walk", more));
        assertEquals(0, run.status(), run.err());
        return run.out().strip();
    }

    @Test
    void stage2ModeMistakesAreErrorsBeforeAnyOutput() {
        // An option without the one it needs is a usage error (status 2); an unknown mode of the
        // stage 2 tree is bad input (status 1), as for the plain --mode mistakes (AccessOptionsTest).
        CliRun noAccess = CliRun.of(args("", "translate", "--stage2-mode", "MBEC=1", "0x3abc"));
        assertEquals(2, noAccess.status(), noAccess.err());
        assertTrue(noAccess.err().contains("--stage2-mode needs --access"), noAccess.err());
        assertEquals("", noAccess.out());
        CliRun unknown = CliRun.of(args("", "walk", "--access", "read", "--stage2-mode", "SMEP=1"));
        assertEquals(1, unknown.status(), unknown.err());
        assertTrue(unknown.err().contains("--stage2-mode") && unknown.err().contains("MBEC"), unknown.err());
        assertEquals("", unknown.out());
        CliRun noStage2 = CliRun.of("translate", "--desc", X86, "--root", "0x1000", "--access", "read", "--stage2-mode",
                "MBEC=1", "--image", image.toString(), "--base", "0", "0x3abc");
        assertEquals(2, noStage2.status(), noStage2.err());
        assertTrue(noStage2.err().contains("need --stage2"), noStage2.err());
    }
}
