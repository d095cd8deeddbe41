package org.ptdesc.samples.riscv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.CorpusFiles;
import org.ptdesc.samples.Engine;
import org.ptdesc.samples.LeafIndex;

/**
 * {@code riscv_sv39.ptdesc} against QEMU's own {@code gva2gpa} answers for synthetic Sv39
 * tables (images/riscv64-sv39-synthetic): S-mode data reads with SUM = MXR = 1, so every leaf
 * translates and QEMU's answer is the walk's. The tables hold every malformed encoding the
 * generator could make (V = 0, R = 0 with W = 1, misaligned superpages, pointers at the last
 * level, non-leaf PTEs with D, A or U); each must come out exactly as QEMU answered, from the
 * reference interpreter and from the generated walker alike.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class RiscvCorpusTest {

    static final CorpusFiles CORPUS = CorpusFiles.of("riscv64-sv39-synthetic");

    final TreeWalker walker;

    RiscvCorpusTest(Engine engine) {
        this.walker = engine.walker("riscv_sv39");
    }

    @Test
    void everyGva2gpaAnswer() throws IOException {
        PhysicalMemory mem = PhysicalMemory.open(CORPUS.dump());
        long satp = CORPUS.registers().get("satp");

        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        Map<Failure, Integer> why = new EnumMap<>(Failure.class);
        List<String> faults = new ArrayList<>();
        for (String[] r : CORPUS.rows("samples.tsv.gz")) {
            long va = CorpusFiles.hex(r[0]);
            expected.add(r[0] + " " + (r[1].equals("unmapped") ? "unmapped" : "0x" + Long.toHexString(CorpusFiles.hex(r[1]))));
            Translation t = walker.translateDetailed(mem, satp, va);
            why.merge(t.failure(), 1, Integer::sum);
            if (t.failure() == Failure.FAULT) {
                faults.add(t.message());
            }
            actual.add(r[0] + " " + (t.mapped() ? "0x" + Long.toHexString(t.pa()) : "unmapped"));
        }
        assertEquals(10_746, expected.size(), "answers in the corpus");
        assertLinesEqual(expected, actual);
        // The unmapped answers come from every kind of rule, not from one blanket failure.
        assertTrue(why.getOrDefault(Failure.FAULT, 0) > 1000, "fault rules: " + why);
        assertTrue(why.getOrDefault(Failure.NOT_PRESENT, 0) > 500, "V = 0: " + why);
        assertTrue(why.getOrDefault(Failure.OUT_OF_RANGE, 0) > 50, "non-canonical: " + why);
        // QEMU confirmed every fault rule the corpus exercises.
        for (String rule : List.of("R = 0 with W = 1", "D, A or U set in a non-leaf PTE", "misaligned superpage",
                "a pointer (R = W = X = 0) at the last level")) {
            assertTrue(faults.stream().anyMatch(m -> m.contains(rule)), "no answer came from the rule: " + rule);
        }
    }

    @Test
    void theWholeWalkAgreesWithEveryAnswer() throws IOException {
        PhysicalMemory mem = PhysicalMemory.open(CORPUS.dump());
        LeafIndex walked = LeafIndex.walk(walker, mem, CORPUS.registers().get("satp"));

        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String[] r : CORPUS.rows("samples.tsv.gz")) {
            long va = CorpusFiles.hex(r[0]);
            expected.add(r[0] + " " + (r[1].equals("unmapped") ? "unmapped" : "0x" + Long.toHexString(CorpusFiles.hex(r[1]))));
            long pa = walked.pa(va);
            actual.add(r[0] + " " + (pa == TreeWalker.NO_MAPPING ? "unmapped" : "0x" + Long.toHexString(pa)));
        }
        assertTrue(walked.size() > 1000, "leaves walked: " + walked.size());
        assertLinesEqual(expected, actual);
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
