package org.ptdesc.samples.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.CorpusFiles;
import org.ptdesc.samples.Engine;
import org.ptdesc.samples.LeafIndex;

/**
 * {@code aarch64_4k.ptdesc} against QEMU's own {@code gva2gpa} answers for a Linux 6.1 arm64
 * guest (images/arm64-4k48-nokaslr-kernel: TTBR0_EL1 and TTBR1_EL1, 4 KiB granule, 48-bit VA).
 * QEMU answers a data read at EL1 without checking the access flag; every readable mapping
 * translates at EL1, so its answer is the walk's. Run by the reference interpreter and by the
 * generated walker ({@link Ptdesc#load}).
 *
 * <p>The guest runs with TCR_EL1.TBI0 = TBI1 = 1: QEMU ignores a tag in VA bits 63:56, and so
 * does the descriptor ({@code tag 63:56;}). The 298 tagged addresses of the corpus (bits 63:56
 * not a copy of bit 55) must therefore come out exactly like the others: 196 mapped, 102 not.
 */
class Aarch64CorpusTest {

    static final CorpusFiles CORPUS = CorpusFiles.of("arm64-4k48-nokaslr-kernel");

    /** True when VA bits 63:56 are a tag rather than copies of bit 55 (TBI, D8.2). */
    static boolean tagged(long va) {
        return untagged(va) != va;
    }

    /** VA bits 63:56 replaced by copies of bit 55: the address a tagged one stands for. */
    static long untagged(long va) {
        return (va << 8) >> 8;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void everyGva2gpaAnswer(Engine engine) throws IOException {
        TreeWalker walker = engine.walker("aarch64_4k");
        PhysicalMemory mem = PhysicalMemory.open(CORPUS.dump());
        Map<String, Long> regs = CORPUS.registers();
        long[] roots = {regs.get("ttbr0_el1"), regs.get("ttbr1_el1")};

        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        int low = 0;
        int high = 0;
        int tagged = 0;
        for (String[] r : CORPUS.rows("samples.tsv.gz")) {
            long va = CorpusFiles.hex(r[0]);
            long plain = untagged(va);
            low += plain >>> 48 == 0 ? 1 : 0;
            high += plain >>> 48 == 0xffff ? 1 : 0;
            tagged += tagged(va) ? 1 : 0;
            expected.add(r[0] + " " + answer(r[1]));
            long pa = walker.translate(mem, roots, va);
            actual.add(r[0] + " " + (pa == TreeWalker.NO_MAPPING ? "unmapped" : "0x" + Long.toHexString(pa)));
        }
        assertEquals(25_909, expected.size(), "answers in the corpus");
        assertEquals(298, tagged, "tagged addresses in the corpus");
        assertTrue(low > 100 && high > 20_000, "both TTBR0 (" + low + ") and TTBR1 (" + high + ") addresses");
        assertTrue(expected.stream().anyMatch(s -> s.endsWith("unmapped")), "some addresses are unmapped");
        assertLinesEqual(expected, actual);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void taggedAddressesTranslateAsQemuWithTopByteIgnore(Engine engine) throws IOException {
        TreeWalker walker = engine.walker("aarch64_4k");
        PhysicalMemory mem = PhysicalMemory.open(CORPUS.dump());
        Map<String, Long> regs = CORPUS.registers();
        long[] roots = {regs.get("ttbr0_el1"), regs.get("ttbr1_el1")};

        int tagged = 0;
        int mappedByQemu = 0;
        int mapped = 0;
        for (String[] r : CORPUS.rows("samples.tsv.gz")) {
            long va = CorpusFiles.hex(r[0]);
            if (!tagged(va)) {
                continue;
            }
            tagged++;
            mappedByQemu += r[1].equals("unmapped") ? 0 : 1;
            Translation t = walker.translateDetailed(mem, roots, va);
            mapped += t.mapped() ? 1 : 0;
            assertEquals(answer(r[1]), t.mapped() ? "0x" + Long.toHexString(t.pa()) : "unmapped", r[0]);
            // The translation reports the caller's (tagged) address, and the untagged one answers the same.
            assertEquals(va, t.va(), r[0]);
            assertEquals(t.pa(), walker.translate(mem, roots, untagged(va)), r[0]);
        }
        assertEquals(298, tagged, "tagged addresses in the corpus");
        assertEquals(196, mappedByQemu, "tagged addresses QEMU translates (TBI0 = TBI1 = 1)");
        assertEquals(196, mapped, "tagged addresses the descriptor translates");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theWholeWalkAgreesWithEveryAnswer(Engine engine) throws IOException {
        TreeWalker walker = engine.walker("aarch64_4k");
        PhysicalMemory mem = PhysicalMemory.open(CORPUS.dump());
        Map<String, Long> regs = CORPUS.registers();
        LeafIndex walked = LeafIndex.walk(walker, mem, regs.get("ttbr0_el1"), regs.get("ttbr1_el1"));

        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String[] r : CORPUS.rows("samples.tsv.gz")) {
            long va = CorpusFiles.hex(r[0]);
            expected.add(r[0] + " " + answer(r[1]));
            // The walk enumerates untagged addresses only: a tagged one is an alias of its untagged form.
            long pa = walked.pa(untagged(va));
            actual.add(r[0] + " " + (pa == TreeWalker.NO_MAPPING ? "unmapped" : "0x" + Long.toHexString(pa)));
        }
        assertTrue(walked.size() > 10_000, "leaves walked: " + walked.size());
        assertLinesEqual(expected, actual);
    }

    /**
     * QEMU's {@code gva2gpa} answers are data reads at EL1: an access-checked privileged read,
     * with the guest's SCTLR_EL1.WXN and PSTATE.PAN = 0 (the default; the corpus was taken in
     * the kernel, which runs with PAN cleared outside user accesses), must give exactly them.
     */
    @ParameterizedTest
    @EnumSource(Engine.class)
    void privilegedReadsGiveExactlyQemuAnswers(Engine engine) throws IOException {
        TreeWalker walker = engine.walker("aarch64_4k");
        PhysicalMemory mem = PhysicalMemory.open(CORPUS.dump());
        Map<String, Long> regs = CORPUS.registers();
        long[] roots = {regs.get("ttbr0_el1"), regs.get("ttbr1_el1")};
        long modes = walker.info().modeWord(Map.of("WXN", regs.get("sctlr") >>> 19 & 1));
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String[] r : CORPUS.rows("samples.tsv.gz")) {
            long va = CorpusFiles.hex(r[0]);
            expected.add(r[0] + " " + answer(r[1]));
            long pa = walker.translate(mem, roots, va, Access.READ, modes);
            actual.add(r[0] + " " + (pa == TreeWalker.NO_MAPPING ? "unmapped"
                    : pa == TreeWalker.DENIED ? "denied" : "0x" + Long.toHexString(pa)));
        }
        assertEquals(25_909, expected.size(), "answers in the corpus");
        assertLinesEqual(expected, actual);
    }

    private static String answer(String qemu) {
        return qemu.equals("unmapped") ? "unmapped" : "0x" + Long.toHexString(CorpusFiles.hex(qemu));
    }

    /** Compares line lists, reporting the first difference rather than two huge strings. */
    static void assertLinesEqual(List<String> expected, List<String> actual) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), "number of lines");
    }
}
