package org.ptdesc.compiler.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.ptdesc.compiler.interp.X86Fixture.CR3;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;

/**
 * The interpreter on a hand-built x86-64 tree, against expectations computed by hand from the
 * SDM's entry layouts (Vol. 3A §4.5, Tables 4-15 to 4-20) and access-rights rules (§4.6).
 */
class InterpreterTest {
    private final Interpreter walker = new Interpreter(X86Fixture.ir());
    private final PhysicalMemory mem = X86Fixture.memory();

    @Test
    void translatesFourKiBPagesAndAccumulatesRights() {
        // 0x1234: PML4[0] -> PDPT[0] -> PD[0] -> PT[1] = 0x7000, all levels RW and US.
        Translation t = walker.translateDetailed(mem, CR3, 0x1234);
        assertEquals(Translation.mapped(0x1234, 0x7234, 3, 0x1000, 0x7000 | 7, 0b0011), t);
        // PT[2]: R/W = 0 in the leaf makes the page read-only; XD in the leaf sets nx.
        Translation ro = walker.translateDetailed(mem, CR3, 0x2345);
        assertEquals(0x8345, ro.pa());
        assertEquals(0b0110, ro.attributes());
        assertEquals(0x7234, walker.translate(mem, CR3, 0x1234));
    }

    @Test
    void translatesLargePages() {
        Translation twoMiB = walker.translateDetailed(mem, CR3, 0x21_2345);
        assertEquals(0x21_2345, twoMiB.pa());
        assertEquals(2, twoMiB.level());
        assertEquals(0x20_0000, twoMiB.size());
        assertEquals(0b1111, twoMiB.attributes(), "writable, user, nx and global");
        Translation oneGiB = walker.translateDetailed(mem, CR3, 0x4123_4567L);
        assertEquals(0x4123_4567L, oneGiB.pa());
        assertEquals(1, oneGiB.level());
        assertEquals(1L << 30, oneGiB.size());
        assertEquals(0b0010, oneGiB.attributes(), "read-only user page");
    }

    @Test
    void reportsWhyThereIsNoMapping() {
        assertFailure(0x0fff, Failure.NOT_PRESENT, 3);
        assertFailure(0x40_0000, Failure.NOT_PRESENT, 2);
        assertFailure(0x8000_0000L, Failure.NOT_PRESENT, 1);
        assertFailure(0xffff_8000_0000_0000L, Failure.NOT_PRESENT, 0);
        assertFailure(0x0000_8000_0000_0000L, Failure.OUT_OF_RANGE, -1);
        assertFailure(0xffff_7fff_ffff_ffffL, Failure.OUT_OF_RANGE, -1);
        Translation outside = assertFailure(-1L, Failure.TABLE_OUTSIDE_MEMORY, 3);
        assertEquals(0x7fff_f000_0000L + 511 * 8, outside.entry(), "the unreadable entry's address");
        assertEquals(TreeWalker.NO_MAPPING, walker.translate(mem, CR3, -1L));
    }

    @Test
    void rootOutsideMemoryIsAFaultNotAnException() {
        assertEquals(Failure.TABLE_OUTSIDE_MEMORY, walker.translateDetailed(mem, 0x7000_0000_0000L, 0).failure());
        RecordingVisitor v = new RecordingVisitor();
        walker.walk(mem, 0x7000_0000_0000L, 0, -1L, v);
        assertEquals(List.of(
                "fault 0 7fffffffffff L0 e=700000000000 TABLE_OUTSIDE_MEMORY",
                "fault ffff800000000000 ffffffffffffffff L0 e=700000000000 TABLE_OUTSIDE_MEMORY"), v.events);
    }

    @Test
    void walksTheWholeSpaceWithCoalescedHoles() {
        RecordingVisitor v = new RecordingVisitor();
        walker.walk(mem, CR3, 0, -1L, v);
        assertEquals(List.of(
                "pre 0 7fffffffffff L0 t=1000",
                "pre 0 7fffffffff L1 t=2000",
                "pre 0 3fffffff L2 t=3000",
                "pre 0 1fffff L3 t=4000",
                "hole 0 fff L3",
                "leaf 1000 7000 1000 L3 a=3",
                "leaf 2000 8000 1000 L3 a=6",
                "hole 3000 1fefff L3",
                "leaf 1ff000 a000 1000 L3 a=b",
                "post 0 1fffff L3 t=4000",
                "leaf 200000 200000 200000 L2 a=f",
                "hole 400000 3fffffff L2",
                "post 0 3fffffff L2 t=3000",
                "leaf 40000000 40000000 40000000 L1 a=2",
                "hole 80000000 7fffffffff L1",
                "post 0 7fffffffff L1 t=2000",
                "hole 8000000000 7fffffffffff L0",
                "post 0 7fffffffffff L0 t=1000",
                "pre ffff800000000000 ffffffffffffffff L0 t=1000",
                "hole ffff800000000000 ffffff7fffffffff L0",
                "pre ffffff8000000000 ffffffffffffffff L1 t=5000",
                "hole ffffff8000000000 ffffffffbfffffff L1",
                "pre ffffffffc0000000 ffffffffffffffff L2 t=6000",
                "hole ffffffffc0000000 ffffffffffdfffff L2",
                "fault ffffffffffe00000 ffffffffffffffff L3 e=7ffff0000000 TABLE_OUTSIDE_MEMORY",
                "post ffffffffc0000000 ffffffffffffffff L2 t=6000",
                "post ffffff8000000000 ffffffffffffffff L1 t=5000",
                "post ffff800000000000 ffffffffffffffff L0 t=1000"), v.events);
    }

    @Test
    void clipsLeavesToTheWalkedRange() {
        RecordingVisitor v = new RecordingVisitor();
        walker.walk(mem, CR3, 0x1800, 0x2fff, v);
        assertEquals(List.of(
                "pre 1800 2fff L0 t=1000",
                "pre 1800 2fff L1 t=2000",
                "pre 1800 2fff L2 t=3000",
                "pre 1800 2fff L3 t=4000",
                "leaf 1800 7800 800 L3 a=3",
                "leaf 2000 8000 1000 L3 a=6",
                "post 1800 2fff L3 t=4000",
                "post 1800 2fff L2 t=3000",
                "post 1800 2fff L1 t=2000",
                "post 1800 2fff L0 t=1000"), v.events);
    }

    @Test
    void stopsAndSkips() {
        RecordingVisitor stop = new RecordingVisitor();
        stop.stopAfterLeaves = 1;
        walker.walk(mem, CR3, 0, -1L, stop);
        assertEquals("leaf 1000 7000 1000 L3 a=3", stop.events.getLast(), "nothing after the stopping leaf");

        RecordingVisitor skip = new RecordingVisitor();
        skip.skipLevel = 3;
        walker.walk(mem, CR3, 0, 0x3fffffff, skip);
        assertEquals(List.of(
                "pre 0 3fffffff L0 t=1000",
                "pre 0 3fffffff L1 t=2000",
                "pre 0 3fffffff L2 t=3000",
                "pre 0 1fffff L3 t=4000",
                "leaf 200000 200000 200000 L2 a=f",
                "hole 400000 3fffffff L2",
                "post 0 3fffffff L2 t=3000",
                "post 0 3fffffff L1 t=2000",
                "post 0 3fffffff L0 t=1000"), skip.events);
    }

    @Test
    void emptyAndNonCanonicalRangesProduceNothing() {
        RecordingVisitor v = new RecordingVisitor();
        walker.walk(mem, CR3, 0x2000, 0x1000, v);
        walker.walk(mem, CR3, 0x0000_8000_0000_0000L, 0xffff_7fff_ffff_ffffL, v);
        assertEquals(List.of(), v.events);
    }

    @Test
    void rejectsTheWrongNumberOfRoots() {
        assertThrows(IllegalArgumentException.class, () -> walker.translate(mem, new long[] {1, 2}, 0));
    }

    private Translation assertFailure(long va, Failure failure, int level) {
        Translation t = walker.translateDetailed(mem, CR3, va);
        assertEquals(failure, t.failure(), () -> "va " + Long.toHexString(va) + ": " + t);
        assertEquals(level, t.level(), () -> "va " + Long.toHexString(va) + ": " + t);
        assertEquals(TreeWalker.NO_MAPPING, t.pa());
        return t;
    }
}
