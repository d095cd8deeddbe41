package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A stack trace through a generated walker lands on the descriptor: its frames name
 * {@code x86_64.ptdesc} and the line of the rule being applied, one frame per level entered
 * (the walker is defined as an ordinary class, so its frames are not hidden).
 */
class StackTraceTest {

    @Test
    void exceptionFromAVisitorShowsDescriptorLines() {
        TreeWalker walker = new WalkerLoader(TreeWalker.class.getClassLoader()).load(IrFixtures.x86_64());
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10000));
        mem.writeLong(0x1000, 0x2000 | 7, false);  // PML4[0] -> PDPT
        mem.writeLong(0x2000, 0x3000 | 7, false);  // PDPT[0] -> PD
        mem.writeLong(0x3000, 0x4000 | 7, false);  // PD[0] -> PT
        mem.writeLong(0x4000, 0x9000 | 7, false);  // PT[0]: 4 KiB page
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> walker.walk(mem, 0x1000, 0, 0xfff,
                (WalkVisitor) (va, pa, size, level, entry, attributes) -> {
                    throw new IllegalStateException("visitor failed at " + Long.toHexString(va));
                }));
        List<StackTraceElement> frames = Arrays.stream(thrown.getStackTrace())
                .filter(f -> "x86_64.ptdesc".equals(f.getFileName()))
                .toList();
        assertFalse(frames.isEmpty(), Arrays.toString(thrown.getStackTrace()));
        assertTrue(frames.stream().allMatch(f -> f.getLineNumber() > 0), frames.toString());
        // The innermost walker frame is the PT level applying its leaf rule (x86_64.ptdesc line 63).
        assertEquals(63, frames.getFirst().getLineNumber(), frames.toString());
        assertEquals("walk3_PT", frames.getFirst().getMethodName());
        // One frame per level, then the public walk method: recursion as deep as the tree, no deeper.
        assertEquals(List.of("walk3_PT", "walk2_PD", "walk1_PDPT", "walk0_PML4", "walk"),
                frames.stream().map(StackTraceElement::getMethodName).toList());
        assertEquals(List.of(63, 59, 53, 47, 33),
                frames.stream().map(StackTraceElement::getLineNumber).toList());
    }
}
