package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code translate} and {@code walk} with {@code --stage2}: x86-64 guest tables under Intel EPT
 * in a raw 4 MiB host image built by hand (SDM Vol. 3A §4.5 and Vol. 3C §29.3). Expected host
 * physical addresses are computed by hand:
 * <pre>
 * EPT: EPTP 0x101e -> PML4 0x1000 -> PDPT 0x2000 -> PD 0x3000
 *   GPA 0..0x1f_ffff -> HPA 0x20_0000 + GPA (a 2 MiB EPT page)
 *   GPA 0x20_0000 + i * 4K -> HPA 0x10_0000 + i * 4K (PT 0x4000, i = 0..3; the rest not present)
 * Guest (at HPA GPA + 0x20_0000): CR3 0x1000 -> PML4[0] -> PDPT 0x2000 -> PD 0x3000
 *   PD[0] -> PT 0x4000: PT[3] -> GPA 0x5000, PT[4] -> GPA 0x20_4000 (not mapped by EPT)
 *   PD[1] 2 MiB page at GPA 0x20_0000;  PML4[1] -> PDPT at GPA 0x20_5000 (not mapped by EPT)
 * </pre>
 */
class NestedCliTest {
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
        for (int i = 0; i < 4; i++) {
            b.putLong(0x4000 + 8 * i, 0x10_0000 + 0x1000L * i | 7 | 6 << 3);
        }
        int g = 0x20_0000;
        b.putLong(g + 0x1000, 0x2000 | 7);
        b.putLong(g + 0x1008, 0x20_5000 | 7);
        b.putLong(g + 0x2000, 0x3000 | 7);
        b.putLong(g + 0x3000, 0x4000 | 7);
        b.putLong(g + 0x3008, 0x20_0000 | 7 | 0x80);
        b.putLong(g + 0x4000 + 3 * 8, 0x5000 | 7);
        b.putLong(g + 0x4000 + 4 * 8, 0x20_4000 | 7);
        image = dir.resolve("host.raw");
        Files.write(image, b.array());
    }

    /** The command line; {@code engine} "" for the default (the generated pair class) or "--interpret". */
    String[] args(String engine, String command, String... more) {
        String[] common = {command, engine, "--desc", X86, "--root", "0x1000", "--stage2", EPT, "--stage2-root", "0x101e",
                "--image", image.toString(), "--base", "0"};
        String[] all = new String[common.length + more.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return java.util.Arrays.stream(all).filter(a -> !a.isEmpty()).toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void translatePrintsHostPhysicalAddressesAndTheFailingStage(String engine) {
        CliRun run = CliRun.of(args(engine, "translate", "0x3abc", "0x203456", "0x4000", "0x8000000000", "0x6000"));
        assertEquals(0, run.status(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals(5, lines.length, run.out());
        assertEquals("0x3abc 0x205abc", lines[0]);
        assertEquals("0x203456 0x103456", lines[1]);        // guest 2 MiB page over EPT 4 KiB pages
        assertTrue(lines[2].startsWith("0x4000 unmapped: stage 2: not present at PT (level 3)"), lines[2]);
        assertTrue(lines[2].contains("guest physical 0x204000, the guest's page"), lines[2]);
        assertTrue(lines[3].startsWith("0x8000000000 unmapped: stage 2: not present at PT (level 3)"), lines[3]);
        assertTrue(lines[3].contains("guest physical 0x205000, an entry of the guest's PDPT table (level 1)"), lines[3]);
        assertTrue(lines[4].startsWith("0x6000 unmapped: guest: not present at PT (level 3)"), lines[4]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void translateDetailNamesBothStages(String engine) {
        CliRun run = CliRun.of(args(engine, "translate", "--detail", "0x203456"));
        // Combined: the guest page has PAT = PCD = PWT = 0, IA32_PAT entry 0, WB (6) at power-up;
        // over the EPT type WB with IPAT = 0 the effective type is WB (SDM Vol. 3C §29.3.7.2).
        assertEquals("0x203456 0x103456 gpa=0x203456 size=4KiB guest-level=PD stage2-level=PT"
                + " guest-attributes=writable,user stage2-attributes=read,write,execute,memtype=0x6"
                + " combined=guest_pat_type=0x6,effective_type=0x6", run.out().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void theGuestPatIsAStage2Parameter(String engine) {
        // IA32_PAT entry 0 = UC (0): a UC PAT type is UC under every EPT type; entry 0 = WC (1): WC.
        CliRun uc = CliRun.of(args(engine, "translate", "--detail", "--stage2-param", "GUEST_PAT=0x0007040600070400",
                "0x203456"));
        assertEquals(0, uc.status(), uc.err());
        assertTrue(uc.out().strip().endsWith(" combined=guest_pat_type=0x0,effective_type=0x0"), uc.out());
        CliRun wc = CliRun.of(args(engine, "translate", "--detail", "--stage2-param", "GUEST_PAT=0x0007040600070401",
                "0x203456"));
        assertTrue(wc.out().strip().endsWith(" combined=guest_pat_type=0x1,effective_type=0x1"), wc.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void aGuestTreeWithoutTheCombinedInputsComposesWithALocatedWarning(String engine) throws IOException {
        // linus_x86_64 declares no attributes: intel_ept's 'guest attribute pwt' cannot be bound,
        // so the pair has no combined attributes; any two trees still compose.
        int line = java.util.List.of(Files.readString(Path.of(EPT)).split("\n", -1)).indexOf(
                "    guest attribute pwt \"PWT of the guest leaf: bit 0 of its IA32_PAT index.\";") + 1;
        assertTrue(line > 0);
        String[] a = args(engine, "translate", "--detail", "0x3abc");
        a[java.util.Arrays.asList(a).indexOf(X86)] = "../samples/descriptors/linus_x86_64.ptdesc";
        CliRun run = CliRun.of(a);
        assertEquals(0, run.status(), run.err());
        assertTrue(run.err().contains("intel_ept.ptdesc:" + line + ":21: warning: guest tree 'linus_x86_64' has no attribute"
                + " 'pwt', which the combined attributes of stage 2 tree 'intel_ept' read (it declares none):"
                + " this pair has no combined attributes [P803]"), run.err());
        assertFalse(run.out().contains("combined="), run.out());
        // The same address through the x86_64 guest: same host address (the two trees read entries alike).
        CliRun x86 = CliRun.of(args(engine, "translate", "0x3abc"));
        assertEquals(0, x86.status(), x86.err());
        assertTrue(run.out().startsWith(x86.out().strip() + " "), run.out() + " vs " + x86.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--interpret"})
    void walkListsHostPhysicalAddresses(String engine) {
        CliRun run = CliRun.of(args(engine, "walk", "--format", "tsv", "--from", "0x200000", "--to", "0x3fffff"));
        assertEquals(0, run.status(), run.err());
        assertEquals(String.join("\n",
                "va\tpa\tsize\tlevel\tattributes",
                "0x200000\t0x100000\t0x1000\t2\t0x3",
                "0x201000\t0x101000\t0x1000\t2\t0x3",
                "0x202000\t0x102000\t0x1000\t2\t0x3",
                "0x203000\t0x103000\t0x1000\t2\t0x3"), run.out().strip());
    }

    @Test
    void stage2OptionsNeedStage2() {
        CliRun run = CliRun.of("translate", "--desc", X86, "--root", "0x1000", "--stage2-root", "0x101e",
                "--image", image.toString(), "--base", "0", "0x1000");
        assertEquals(2, run.status(), run.err());
        assertTrue(run.err().contains("need --stage2"), run.err());
    }

    @Test
    void missingStage2RootIsAClearError() {
        CliRun run = CliRun.of("translate", "--desc", X86, "--root", "0x1000", "--stage2", EPT,
                "--image", image.toString(), "--base", "0", "0x1000");
        assertTrue(run.status() != 0);
        assertTrue(run.err().contains("stage 2 tree intel_ept needs 1 --stage2-root value(s), for eptp"), run.err());
    }
}
