package org.ptdesc.samples.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.ShippedTree;

/** The descriptors that state they have no access checks declare no modes and no rules. */
class Radix64AccessTest {

    @ParameterizedTest
    @ValueSource(strings = {"radix64", "linus_x86_64"})
    void declaresNoModesAndNoRules(String tree) {
        TreeWalker walker = ShippedTree.interpreter(tree);
        assertTrue(walker.info().modes().isEmpty(), tree + " modes");
        assertTrue(walker.info().permissions().isEmpty(), tree + " rules");
        assertEquals(0L, walker.info().defaultModes());
        assertEquals(-1, walker.denyingRule(-1L, -1L, org.ptdesc.runtime.Access.WRITE, 0));
    }
}
