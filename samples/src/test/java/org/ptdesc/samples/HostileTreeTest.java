package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Hostile x86-64 trees: a table that points to itself, all-ones entries, tables outside the
 * image, extreme ranges. Each walk must end, with the damage reported as faults, and no
 * exception may escape. Expected events worked out by hand from the SDM's entry layouts.
 */
class HostileTreeTest {

    enum Engine {
        INTERPRETER, GENERATED;

        TreeWalker walker() {
            Path desc = Path.of("descriptors", "x86_64.ptdesc");
            return this == GENERATED ? Ptdesc.load(desc, "x86_64")
                    : new Interpreter(Ptdesc.compile(desc, Map.of()).tree("x86_64").orElseThrow());
        }
    }

    /** PML4 at 0x1000: [0] points to itself, [1] is all ones, [2] points past the 64 KiB image. */
    static PhysicalMemory hostile() {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10000, 4096));
        mem.writeLong(0x1000, 0x1000 | 0x7, false);
        mem.writeLong(0x1008, -1L, false);
        mem.writeLong(0x1010, 0x10_0000 | 0x7, false);
        return mem;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void walksEndWithFaultsReported(Engine engine) {
        TreeWalker w = engine.walker();
        PhysicalMemory mem = hostile();
        List<String> events = new ArrayList<>();
        WalkVisitor v = new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                events.add("leaf %x %x %x L%d".formatted(va, pa, size, level));
                return true;
            }

            @Override
            public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
                events.add("fault %x %x L%d %s".formatted(first, last, level, kind));
                return true;
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> w.walk(mem, 0x1000, 0, -1L, v));
        assertEquals(List.of(
                // The self-reference is read as PDPT, PD and PT in turn: at the PT level entry 0
                // maps va 0 to the PML4 page itself; entries 1 and 2 of each level repeat the
                // all-ones and outside-memory entries one level down.
                "leaf 0 1000 1000 L3",
                // PT[1] = all ones: present, a 4 KiB page at bits 51:12 = 0xffffffffff000.
                "leaf 1000 ffffffffff000 1000 L3",
                // PT[2] maps 0x100000 (not read: a leaf is never read).
                "leaf 2000 100000 1000 L3",
                // PD[1] = all ones: PS set, a 2 MiB page at bits 51:21.
                "leaf 200000 fffffffe00000 200000 L2",
                // PD[2]: a page table outside the image.
                "fault 400000 5fffff L3 TABLE_OUTSIDE_MEMORY",
                // PDPT[1] = all ones: PS set, a 1 GiB page at bits 51:30.
                "leaf 40000000 fffffc0000000 40000000 L1",
                "fault 80000000 bfffffff L2 TABLE_OUTSIDE_MEMORY",
                // PML4[1] = all ones: a PDPT at 0xffffffffff000, outside the image.
                "fault 8000000000 ffffffffff L1 TABLE_OUTSIDE_MEMORY",
                "fault 10000000000 17fffffffff L1 TABLE_OUTSIDE_MEMORY"), events);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void extremeRangesAndRootsAreHandled(Engine engine) {
        TreeWalker w = engine.walker();
        PhysicalMemory mem = hostile();
        List<String> events = new ArrayList<>();
        WalkVisitor v = new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                events.add("leaf %x".formatted(va));
                return true;
            }

            @Override
            public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
                events.add("fault %x %x L%d %s".formatted(first, last, level, kind));
                return true;
            }
        };
        w.walk(mem, 0x1000, -1L, -1L, v);            // the last byte only: PML4[511] is empty
        w.walk(mem, 0x1000, 5, 4, v);                // empty range
        w.walk(mem, -1L, 0, 0xfff, v);               // CR3 all ones: PML4 at 0xffffffffff000
        assertEquals(List.of("fault 0 fff L0 TABLE_OUTSIDE_MEMORY"), events);
        assertEquals(TreeWalker.NO_MAPPING, w.translate(mem, -1L, 0));
        assertEquals(Failure.TABLE_OUTSIDE_MEMORY, w.translateDetailed(mem, 0x1000, 0x8000000000L).failure());
        assertEquals(0xffffffffff234L, w.translate(mem, 0x1000, 0x1234));
    }
}
