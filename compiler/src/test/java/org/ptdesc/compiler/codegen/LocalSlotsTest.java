package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Slots follow the JVM's rules (JVMS §2.6.1): {@code this} first, longs take two, new locals after the parameters. */
class LocalSlotsTest {

    @Test
    void translateWithOneRoot() {
        LocalSlots s = LocalSlots.of(RuntimeTypes.TRANSLATE_1, false); // (mem, long root, long va)
        assertEquals(1, s.parameter(0));
        assertEquals(2, s.parameter(1));
        assertEquals(4, s.lastParameter());
        assertEquals(6, s.newLong());
        assertEquals(8, s.newLong());
    }

    @Test
    void staticLevelWalkMethod() {
        LocalSlots s = LocalSlots.of(RuntimeTypes.WALK_LEVEL, true); // (mem, table, first, last, visitor, acc)
        assertEquals(0, s.parameter(0));
        assertEquals(7, s.fromEnd(1), "the visitor");
        assertEquals(8, s.lastParameter());
        assertEquals(10, s.newLong());
        assertEquals(12, s.newInt());
        assertEquals(13, s.newLong());
    }
}
