package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code ptdesc info}: image facts, walk summaries and the root scan on the bundled corpus. */
class InfoCommandTest {
    static final Path IMAGES = Path.of("..", "samples", "images");
    static final String X86 = CliTest.X86;

    static String desc(String name) {
        return CliTest.DESCRIPTORS.resolve(name + ".ptdesc").toString();
    }

    static String image(String kase) {
        return IMAGES.resolve(kase).resolve("dump.elf.gz").toString();
    }

    @Test
    void showsFormatRangesAndTheWalkFromAGivenRoot() {
        CliRun run = CliRun.of("info", CliTest.IMAGE, "--desc", X86, "--root", CliTest.CR3);
        assertEquals(0, run.status(), run.err());
        // readelf -l of the dump: two PT_LOADs, 0x0 + 0x10000000 and 0xfffc0000 + 0x40000.
        assertTrue(run.out().contains("physical ranges: 2, 256.3 MiB in total, largest gap "), run.out());
        assertTrue(run.out().contains("  0x0..0xfffffff  256 MiB\n  0xfffc0000..0xffffffff  256 KiB\n"), run.out());
        // One leaf per line of QEMU's info tlb (mappings.tsv.gz of the case: 76943 lines).
        assertTrue(run.out().contains("walk from cr3=0x636e000: 76943 leaves, "), run.out());
        assertTrue(run.out().contains(", 0 faults\n"), run.out());
    }

    @Test
    void jsonHasTheSameFacts() {
        CliRun run = CliRun.of("info", "--image", CliTest.IMAGE, "--desc", X86, "--root", CliTest.CR3, "--format", "json");
        assertEquals(0, run.status(), run.err());
        String json = run.out().strip();
        assertTrue(json.startsWith("{\"image\":") && json.endsWith("}"), json);
        assertTrue(json.contains("\"ranges\":[{\"start\":\"0x0\",\"length\":\"0x10000000\"},{\"start\":\"0xfffc0000\",\"length\":\"0x40000\"}]"), json);
        assertTrue(json.contains("\"register\":\"cr3\",\"value\":\"0x636e000\""), json);
        assertTrue(json.contains("\"leaves\":76943"), json);
    }

    @Test
    void theScanRanksTheRealX86RootFirst() {
        CliRun run = CliRun.of("info", CliTest.IMAGE, "--desc", X86, "--scan", "--root", CliTest.CR3);
        assertEquals(0, run.status(), run.err());
        // root.txt of the case: cr3=0x636e000.
        assertTrue(run.out().contains("candidates for cr3 (best first):\n    1. table 0x636e000  --root 0x636e000 "), run.out());
        assertTrue(run.out().matches("(?s).*scan \\(heuristic\\): \\d+ pages scanned, \\d+ passed as top tables, \\d+ walked, in \\d+ ms.*"),
                run.out());
    }

    @Test
    void theScanRanksTheRiscvRootFirstWithItsSatpEncoding() {
        CliRun run = CliRun.of("info", image("riscv64-sv39-synthetic"), "--desc", desc("riscv_sv39"), "--scan");
        assertEquals(0, run.status(), run.err());
        // root.txt: satp=0x8000000000080200: PPN 0x80200, table at 0x80200000; the scan gives the PPN (MODE is ignored).
        assertTrue(run.out().contains("    1. table 0x80200000  --root 0x80200 "), run.out());
    }

    @Test
    void theScanListsBothArm64RootsAmongItsCandidates() {
        CliRun run = CliRun.of("info", image("arm64-4k48-nokaslr-kernel"), "--desc", desc("aarch64_4k"), "--scan",
                "--scan-top", "1000", "--format", "json");
        assertEquals(0, run.status(), run.err());
        // root.txt: ttbr0_el1=0x431d7000, ttbr1_el1=0x46000041853000 (ASID 0x46 in bits 63:48, table 0x41853000).
        // Not ranked first: a kernel table read as TTBR0, or a lower table read as a top one, looks as root-like
        // to this heuristic (see the README).
        assertTrue(run.out().contains("{\"root\":\"ttbr0_el1\",\"table\":\"0x431d7000\""), run.out());
        assertTrue(run.out().contains("{\"root\":\"ttbr1_el1\",\"table\":\"0x41853000\""), run.out());
    }

    @Test
    void withoutRootsOrNotesInfoSaysWhyAndWalkFailsClearly() {
        CliRun info = CliRun.of("info", image("riscv64-sv39-synthetic"), "--desc", desc("riscv_sv39"));
        assertEquals(0, info.status(), info.err());
        assertTrue(info.out().contains("roots: none: the image gives no value for satp"), info.out());
        CliRun walk = CliRun.of("walk", "--desc", desc("riscv_sv39"), "--image", image("riscv64-sv39-synthetic"));
        assertEquals(1, walk.status());
        assertTrue(walk.err().startsWith("ptdesc: error: no --root given and the image gives no value for satp"), walk.err());
        assertTrue(walk.err().contains("--scan"), walk.err());
        assertFalse(walk.err().contains("Exception"), walk.err());
    }

    @Test
    void badUsageIsAClearError() {
        // Options that cannot go together, or are missing, are usage errors (status 2), in one line.
        CliRun none = CliRun.of("info");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("no image"), none.err());
        CliRun scanAlone = CliRun.of("info", CliTest.IMAGE, "--scan");
        assertEquals(2, scanAlone.status());
        assertTrue(scanAlone.err().contains("--scan needs --desc"), scanAlone.err());
        CliRun both = CliRun.of("walk", "--desc", X86, "--image", CliTest.IMAGE, "--root", CliTest.CR3, "--cpu", "1");
        assertEquals(2, both.status());
        assertTrue(both.err().contains("--cpu"), both.err());
        for (String value : new String[] {"-1", "+1", "x", "\u0661", "99999999999"}) {
            for (String[] args : new String[][] {
                    {"walk", "--desc", X86, "--image", CliTest.IMAGE, "--cpu", value},
                    {"info", CliTest.IMAGE, "--cpu", value}}) {
                CliRun run = CliRun.of(args);
                assertEquals(2, run.status(), String.join(" ", args) + ": " + run.err());
                assertTrue(run.err().contains("--cpu") && run.err().contains("not a CPU number"), run.err());
                assertFalse(run.err().contains("Exception"), run.err());
            }
        }
    }

    @Test
    void textFromImagesIsEscapedForTerminalsAndJson() {
        assertEquals("a\\x1b[2Jb\\nc\\\\", ControlCharacters.escape("a\u001b[2Jb\nc\\"));
        assertEquals("plain", ControlCharacters.escape("plain"));
        String json = new org.ptdesc.view.JsonText().beginObject().field("k\"", "v\u0001\n\\").endObject().toString();
        assertEquals("{\"k\\\"\":\"v\\u0001\\n\\\\\"}", json);
    }
}
