package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.runtime.EntryRun;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.RunVisitor;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The batched walk with a consumer that takes tables undecoded ({@link RunVisitor}) on the real
 * corpus, on both engines: for the x86-64 guests its leaves are QEMU's {@code info tlb} lines,
 * and for every case (the arm64 kernel and the RISC-V tables full of malformed entries too) its
 * events are the interpreter's per-event walk's. The generated walker must have handed out runs
 * (the interpreter hands out none and fills the batch), so that the runs' decoding is what is
 * checked.
 */
class RunWalkCorpusTest {

    /** A consumer that passes batches and runs to one per-event visitor, counting the runs. */
    private static final class Replay implements RunVisitor {
        final WalkVisitor visitor;
        int runs;

        Replay(WalkVisitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public boolean accept(LeafBatch batch) {
            return batch.replay(visitor);
        }

        @Override
        public boolean acceptRun(EntryRun run) {
            runs++;
            return run.replay(visitor);
        }
    }

    @ParameterizedTest(name = "{0} {1}: info tlb from runs")
    @MethodSource("org.ptdesc.samples.X86CorpusTest#cases")
    void everyInfoTlbLine(CorpusCase corpus, Engine engine) throws IOException {
        TreeWalker walker = engine.walker("x86_64");
        PhysicalMemory mem = PhysicalMemory.open(corpus.dump());
        long cr3 = corpus.registers().get("cr3");
        List<String> expected = X86CorpusTest.infoTlb(corpus);
        List<String> actual = new ArrayList<>();
        Replay replay = new Replay((va, pa, size, level, entry, attributes) -> {
            actual.add(X86CorpusTest.infoTlbLine(va, pa, size, entry));
            return true;
        });
        walker.walkBatched(mem, cr3, 0, -1L, new LeafBatch(LeafBatch.DEFAULT_CAPACITY, replay));
        assertTrue(expected.size() > 1000, "the corpus has real content");
        X86CorpusTest.assertLinesEqual(expected, actual);
        assertRuns(engine, replay.runs);
    }

    static Stream<Arguments> everyCase() {
        List<Arguments> args = new ArrayList<>();
        for (Engine e : Engine.values()) {
            args.add(Arguments.of("x86_64-4l-nokaslr-user", "x86_64", List.of("cr3"), e));
            args.add(Arguments.of("x86_64-4l-nokaslr-kernel", "x86_64", List.of("cr3"), e));
            args.add(Arguments.of("arm64-4k48-nokaslr-kernel", "aarch64_4k", List.of("ttbr0_el1", "ttbr1_el1"), e));
            args.add(Arguments.of("riscv64-sv39-synthetic", "riscv_sv39", List.of("satp"), e));
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {3}: the per-event walk's events")
    @MethodSource("everyCase")
    void theWalksEvents(String name, String tree, List<String> registers, Engine engine) throws IOException {
        CorpusCase corpus = CorpusCase.of(name);
        PhysicalMemory mem = PhysicalMemory.open(corpus.dump());
        java.util.Map<String, Long> values = corpus.registers();
        long[] roots = registers.stream().mapToLong(values::get).toArray();
        TreeWalker reference = Engine.INTERPRETER.walker(tree);
        EventLog walked = new EventLog(reference.info());
        reference.walk(mem, roots, 0, -1L, walked);
        List<String> expected = walked.events().stream().filter(e -> !e.startsWith("pre ") && !e.startsWith("post ")).toList();

        TreeWalker walker = engine.walker(tree);
        EventLog batched = new EventLog(walker.info());
        Replay replay = new Replay(batched);
        walker.walkBatched(mem, roots, 0, -1L, new LeafBatch(LeafBatch.DEFAULT_CAPACITY, replay));
        assertTrue(expected.size() > 100, "the case has real content: " + expected.size() + " events");
        X86CorpusTest.assertLinesEqual(expected, batched.events());
        assertRuns(engine, replay.runs);
    }

    private static void assertRuns(Engine engine, int runs) {
        if (engine == Engine.GENERATED) {
            assertTrue(runs > 10, "the generated walker handed out " + runs + " runs");
        } else {
            assertEquals(0, runs, "the interpreter fills the batch");
        }
    }
}
