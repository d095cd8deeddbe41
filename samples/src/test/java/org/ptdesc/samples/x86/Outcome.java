package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;

/** Assertions on one detailed translation: where it ended and why, with readable messages. */
final class Outcome {

    /** {@code t} succeeded at {@code level}, mapping a page of {@code size} bytes, to {@code pa}. */
    static void mapped(Translation t, long pa, int level, long size) {
        String va = Long.toHexString(t.va());
        assertAll("translation of " + va,
                () -> assertEquals(Failure.NONE, t.failure(), () -> "failure of " + va + ": " + t),
                () -> assertEquals(Long.toHexString(pa), Long.toHexString(t.pa()), () -> "pa of " + va),
                () -> assertEquals(level, t.level(), () -> "level of " + va),
                () -> assertEquals(Long.toHexString(size), Long.toHexString(t.size()), () -> "page size of " + va));
    }

    /** {@code t} failed with {@code failure} at {@code level}. */
    static void failed(Translation t, Failure failure, int level) {
        String va = Long.toHexString(t.va());
        assertAll("translation of " + va,
                () -> assertEquals(failure, t.failure(), () -> "failure of " + va + ": " + t),
                () -> assertEquals(TreeWalker.NO_MAPPING, t.pa(), () -> "pa of " + va),
                () -> assertEquals(level, t.level(), () -> "level of " + va));
    }

    /** {@code t} hit a fault rule at {@code level} whose message contains {@code text}. */
    static void fault(Translation t, int level, String text) {
        failed(t, Failure.FAULT, level);
        assertTrue(t.message().contains(text), () -> "fault message of " + Long.toHexString(t.va()) + ": '"
                + t.message() + "' should mention '" + text + "'");
    }

    /** {@code t} could not read the table entry at physical {@code unreadable} of {@code level}. */
    static void outsideMemory(Translation t, int level, long unreadable) {
        failed(t, Failure.TABLE_OUTSIDE_MEMORY, level);
        assertEquals(Long.toHexString(unreadable), Long.toHexString(t.entry()), "unreadable entry address");
    }

    private Outcome() {}
}
