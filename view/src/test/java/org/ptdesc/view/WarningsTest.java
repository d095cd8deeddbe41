package org.ptdesc.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.view.AttributeRoles.Role;

class WarningsTest {
    // packed attributes of the test tree: writable bit 0, user bit 1, nx bit 2, global bit 3
    private static final long W = 1;
    private static final long U = 2;
    private static final long NX = 4;

    @Test
    void rolesComeFromTheAttributeNames() {
        AttributeRoles roles = AttributeRoles.of(TestTrees.x86Like());
        assertTrue(roles.has(Role.WRITABLE, W | NX));
        assertFalse(roles.has(Role.EXECUTABLE, W | NX)); // nx is inverted
        assertTrue(roles.has(Role.EXECUTABLE, W));
        assertTrue(roles.has(Role.USER, U));
        assertFalse(roles.has(Role.GLOBAL, U));
    }

    @Test
    void writableExecutableAndUserKernelRangesAreFound() {
        List<LeafRun> runs = List.of(
                new LeafRun(0x1000, 0x1000, 0x1000, 3, 0, W | U | NX, -1, 1),          // fine
                new LeafRun(0x2000, 0x2000, 0x1000, 3, 0, W, -1, 2),                   // W+X, 0x2000-0x3fff
                new LeafRun(0x4000, 0x9000, 0x1000, 3, 0, W, -1, 1),                   // W+X, joins: 0x2000-0x4fff
                new LeafRun(0xffff_8000_0000_0000L, 0, 0x1000, 3, 0, U | NX, -1, 1),   // user in kernel half
                new LeafRun(0xffff_8000_0000_2000L, 0, 0x1000, 3, 0, NX, -1, 1));      // kernel only: fine
        CapturedWalk walk = new CapturedWalk(TestTrees.x86Like(), 0, -1L, runs, List.of(), List.of(), List.of(), 6);
        List<Warning> warnings = Warnings.of(walk, AttributeRoles.of(walk.info()));
        assertEquals(2, warnings.size());
        assertEquals(Warning.Kind.WRITABLE_EXECUTABLE, warnings.get(0).kind());
        assertEquals(1, warnings.get(0).ranges().size());
        assertArrayEquals(new long[] {0x2000, 0x4fff}, warnings.get(0).ranges().get(0));
        assertEquals(Warning.Kind.USER_KERNEL, warnings.get(1).kind());
        assertArrayEquals(new long[] {0xffff_8000_0000_0000L, 0xffff_8000_0000_0fffL}, warnings.get(1).ranges().get(0));
    }
}
