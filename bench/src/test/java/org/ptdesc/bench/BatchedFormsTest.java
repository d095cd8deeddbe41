package org.ptdesc.bench;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.LeafBatch;
import org.ptdesc.runtime.ParallelWalk;
import org.ptdesc.runtime.PieceWalk;
import org.ptdesc.runtime.TreeWalker;

/**
 * The forms the batched-walk and many-translations benchmarks compare compute the same
 * thing: on the large tree (4 194 304 leaves), the per-leaf, batched and parallel walks give
 * the same leaf count and sum, and both orders of {@link InterleavedTranslate} give the
 * generated walker's answer for every address.
 */
class BatchedFormsTest {

    private static final X86TreeImage LARGE = X86TreeImage.large();

    @Test
    void everyWalkFormSumsTheSameLeaves() {
        TreeWalker generated = Engine.GENERATED.create(LARGE.segment());
        LeafSum perLeaf = new LeafSum();
        generated.walk(LARGE.memory(), LARGE.cr3(), 0, X86Info.LOW_LAST, perLeaf);
        assertEquals(LARGE.pages(), perLeaf.leaves());

        BatchSum batched = new BatchSum();
        generated.walkBatched(LARGE.memory(), LARGE.cr3(), 0, X86Info.LOW_LAST, new LeafBatch(LeafBatch.DEFAULT_CAPACITY, batched));
        assertEquals(perLeaf.leaves(), batched.leaves());
        assertEquals(perLeaf.sum(), batched.sum());

        // Taking the page tables undecoded, on both engines (the interpreter fills the batch instead).
        for (Engine engine : new Engine[] {Engine.GENERATED, Engine.INTERPRETER}) {
            RunSum runs = new RunSum();
            engine.create(LARGE.segment()).walkBatched(LARGE.memory(), LARGE.cr3(), 0, X86Info.LOW_LAST,
                    new LeafBatch(LeafBatch.DEFAULT_CAPACITY, runs));
            assertEquals(perLeaf.leaves(), runs.leaves(), engine.name());
            assertEquals(perLeaf.sum(), runs.sum(), engine.name());
        }

        ParallelWalk parallel = new ParallelWalk(generated, 2);
        assertTrue(parallel.pieces(LARGE.memory(), new long[] {LARGE.cr3()}, 0, X86Info.LOW_LAST).size() >= 8);
        BatchSum inOrder = new BatchSum();
        assertTrue(parallel.inOrder(LARGE.memory(), new long[] {LARGE.cr3()}, 0, X86Info.LOW_LAST, inOrder));
        assertEquals(perLeaf.sum(), inOrder.sum());
        BatchSum[] sums = {new BatchSum(), new BatchSum()};
        assertTrue(parallel.perThread(LARGE.memory(), new long[] {LARGE.cr3()}, 0, X86Info.LOW_LAST, t -> sums[t]));
        assertEquals(perLeaf.leaves(), sums[0].leaves() + sums[1].leaves());
        assertEquals(perLeaf.sum(), sums[0].sum() + sums[1].sum());
        PieceSums pieces = new PieceSums();
        assertTrue(new PieceWalk(generated, 2).walk(LARGE.memory(), new long[] {LARGE.cr3()}, 0, X86Info.LOW_LAST, pieces));
        assertEquals(perLeaf.sum(), pieces.total);
        RunSum[] runSums = {new RunSum(), new RunSum()};
        assertTrue(parallel.perThread(LARGE.memory(), new long[] {LARGE.cr3()}, 0, X86Info.LOW_LAST, t -> runSums[t]));
        assertEquals(perLeaf.leaves(), runSums[0].leaves() + runSums[1].leaves());
        assertEquals(perLeaf.sum(), runSums[0].sum() + runSums[1].sum());
        // The per-thread visitors on both engines: the interpreter's pieces must add up to the generated walk too.
        for (Engine engine : new Engine[] {Engine.GENERATED, Engine.INTERPRETER}) {
            ParallelWalk onEngine = new ParallelWalk(engine.create(LARGE.segment()), 2);
            LeafSum[] leafSums = {new LeafSum(), new LeafSum()};
            assertTrue(onEngine.perThreadVisitors(LARGE.memory(), new long[] {LARGE.cr3()}, 0, X86Info.LOW_LAST, t -> leafSums[t]));
            assertEquals(perLeaf.leaves(), leafSums[0].leaves() + leafSums[1].leaves(), engine.name());
            assertEquals(perLeaf.sum(), leafSums[0].sum() + leafSums[1].sum(), engine.name());
        }
    }

    @Test
    void bothTranslateOrdersAnswerAsTheGeneratedWalker() {
        TreeWalker generated = Engine.GENERATED.create(LARGE.segment());
        long[] vas = LARGE.randomMappedAddresses(4096, 7);
        // Unmapped and non-canonical addresses too.
        vas[0] = 0;
        vas[1] = 0x0000_8000_0000_0000L;
        vas[2] = LARGE.lastVa() + 1;
        vas[3] = -1L;
        long[] one = new long[vas.length];
        long[] four = new long[vas.length];
        InterleavedTranslate.oneByOne(LARGE.memory(), LARGE.cr3(), vas, one);
        InterleavedTranslate.fourAtATime(LARGE.memory(), LARGE.cr3(), vas, four);
        for (int i = 0; i < vas.length; i++) {
            long expected = generated.translate(LARGE.memory(), LARGE.cr3(), vas[i]);
            assertEquals(expected, one[i], "one by one, va " + Long.toHexString(vas[i]));
            assertEquals(expected, four[i], "four at a time, va " + Long.toHexString(vas[i]));
        }
        assertEquals(TreeWalker.NO_MAPPING, four[0]);
        assertNotEquals(TreeWalker.NO_MAPPING, four[4]);
    }
}
