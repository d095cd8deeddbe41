package org.ptdesc.samples.x86;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.samples.Engine;

/**
 * {@code radix64.ptdesc}, a software radix tree in the XArray's slot encoding
 * (include/linux/xarray.h), against nodes built by hand: every kind of slot at every level,
 * the first and last of the 2^36 indices, the value/item attribute, and walks.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
class Radix64Test {
    // Slot encodings of include/linux/xarray.h.
    static long mkValue(long v) {          // xa_mk_value
        return v << 1 | 1;
    }

    static long mkInternal(long i) {       // xa_mk_internal
        return i << 2 | 2;
    }

    static long mkNode(long address) {     // xa_mk_node
        return address | 2;
    }

    static final long ZERO_ENTRY = mkInternal(257);
    static final long RETRY_ENTRY = mkInternal(256);
    static final long EINVAL = mkInternal(-22);   // xa_mk_err(-EINVAL)

    /** The head: the top node at 0x1000, tagged as a node pointer. */
    static final long HEAD = mkNode(0x1000);

    final Engine engine;
    final TreeWalker walker;

    Radix64Test(Engine engine) {
        this.engine = engine;
        this.walker = engine.walker("radix64");
    }

    /** Nodes of 64 slots (512 bytes), from the top: index 0's path and index 2^36 - 1's path. */
    static final long[] LOW_PATH = {0x1000, 0x1200, 0x1400, 0x1600, 0x1800, 0x1a00};
    static final long[] HIGH_PATH = {0x1000, 0x2000, 0x2200, 0x2400, 0x2600, 0x2800};

    static RawTables nodes() {
        RawTables t = new RawTables(1 << 16, 8);
        for (int l = 0; l < 5; l++) {
            t.put(LOW_PATH[l], 0, mkNode(LOW_PATH[l + 1]));
            t.put(HIGH_PATH[l], 63, mkNode(HIGH_PATH[l + 1]));
        }
        long bottom = LOW_PATH[5];
        t.put(bottom, 1, 0xffff_8880_0123_4560L);       // an item (a kernel pointer)
        t.put(bottom, 2, mkValue(42));
        t.put(bottom, 3, mkValue(Long.MAX_VALUE));       // the largest value: all 64 bits set
        t.put(bottom, 4, ZERO_ENTRY);
        t.put(bottom, 5, mkInternal(1));                 // xa_mk_sibling(1)
        t.put(bottom, 6, RETRY_ENTRY);
        t.put(bottom, 7, mkNode(0x3000));                // a node below the bottom level
        t.put(bottom, 8, mkInternal(513));               // reserved internal entry
        t.put(bottom, 9, EINVAL);
        t.put(HIGH_PATH[5], 63, 0x1234_5678L);           // the item of the last index
        t.put(0x1000, 9, mkNode(0x7fff_0000L));          // a node outside the memory
        return t;
    }

    static PhysicalMemory tree() {
        return nodes().memory();
    }

    Translation translate(PhysicalMemory mem, long index) {
        return walker.translateDetailed(mem, HEAD, index);
    }

    Translation translate(long index) {
        return translate(tree(), index);
    }

    @Test
    void bottomSlots() {
        PhysicalMemory mem = tree();
        // Items and values map one index each; the "address" is the pointer or the integer.
        Outcome.mapped(translate(mem, 1), 0xffff_8880_0123_4560L, 5, 1);
        Outcome.mapped(translate(mem, 2), 42, 5, 1);
        Outcome.mapped(translate(mem, 3), Long.MAX_VALUE, 5, 1);
        // NULL and XA_ZERO_ENTRY read as nothing stored.
        Outcome.failed(translate(mem, 0), Failure.NOT_PRESENT, 5);
        Outcome.failed(translate(mem, 4), Failure.NOT_PRESENT, 5);
        Outcome.fault(translate(mem, 5), 5, "sibling entry");
        Outcome.fault(translate(mem, 6), 5, "XA_RETRY_ENTRY");
        Outcome.fault(translate(mem, 7), 5, "node pointer in a bottom node");
        Outcome.fault(translate(mem, 8), 5, "reserved internal entry");
        Outcome.fault(translate(mem, 9), 5, "error entry");
    }

    @Test
    void valueAttributeTellsValuesFromItems() {
        PhysicalMemory mem = tree();
        assertAll(
                () -> assertEquals(0, LibraryTree.attribute(walker, translate(mem, 1).attributes(), "value")),
                () -> assertEquals(1, LibraryTree.attribute(walker, translate(mem, 2).attributes(), "value")),
                () -> assertEquals(1, LibraryTree.attribute(walker, translate(mem, 3).attributes(), "value")),
                () -> assertEquals(0, LibraryTree.attribute(walker, translate(mem, 0xf_ffff_ffffL).attributes(), "value")));
    }

    @Test
    void firstAndLastIndexAndBeyond() {
        Outcome.failed(translate(0), Failure.NOT_PRESENT, 5);
        Outcome.mapped(translate(0xf_ffff_ffffL), 0x1234_5678L, 5, 1);
        Outcome.failed(translate(0x10_0000_0000L), Failure.OUT_OF_RANGE, -1);
        Outcome.failed(translate(-1L), Failure.OUT_OF_RANGE, -1);
        // Slot 9 of the top node points to a node outside the memory.
        Outcome.outsideMemory(translate(9L << 30), 1, 0x7fff_0000L);
    }

    @ParameterizedTest(name = "level {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void everyKindOfSlotAboveTheBottom(int level) {
        // Slot 1 of the level's node on index 0's path; the index that selects it.
        RawTables t = nodes();
        long node = LOW_PATH[level];
        long index = 1L << (6 * (5 - level));
        assertAll(
                () -> assertSlot(t, node, 0, index, level, Failure.NOT_PRESENT, ""),
                () -> assertSlot(t, node, ZERO_ENTRY, index, level, Failure.NOT_PRESENT, ""),
                () -> assertSlot(t, node, 0x8000, index, level, Failure.FAULT, "multi-index entry"),
                () -> assertSlot(t, node, mkValue(7), index, level, Failure.FAULT, "multi-index entry"),
                () -> assertSlot(t, node, mkInternal(0), index, level, Failure.FAULT, "sibling entry"),
                () -> assertSlot(t, node, mkInternal(62), index, level, Failure.FAULT, "sibling entry"),
                () -> assertSlot(t, node, RETRY_ENTRY, index, level, Failure.FAULT, "XA_RETRY_ENTRY"),
                () -> assertSlot(t, node, EINVAL, index, level, Failure.FAULT, "error entry"),
                () -> assertSlot(t, node, mkInternal(63), index, level, Failure.FAULT, "reserved internal entry"),
                () -> assertSlot(t, node, mkInternal(1023), index, level, Failure.FAULT, "reserved internal entry"),
                () -> assertSlot(t, node, mkNode(0x3004), index, level, Failure.FAULT, "misaligned node pointer"),
                // A node pointer (> 4096): the walk goes on into the empty node at 0x3000.
                () -> assertSlot(t, node, mkNode(0x3000), index, level + 1, Failure.NOT_PRESENT, ""));
    }

    private void assertSlot(RawTables t, long node, long slot, long index, int level, Failure failure, String text) {
        t.put(node, 1, slot);
        Translation r = translate(t.memory(), index);
        if (failure == Failure.FAULT) {
            Outcome.fault(r, level, text);
        } else {
            Outcome.failed(r, failure, level);
        }
    }

    @Test
    void walkOfTheFirstBottomNode() {
        EventLog log = new EventLog(walker.info());
        walker.walk(tree(), HEAD, 0, 63, log);
        assertEquals(List.of(
                "pre  L0 0..3f table 1000",
                "pre  L1 0..3f table 1200",
                "pre  L2 0..3f table 1400",
                "pre  L3 0..3f table 1600",
                "pre  L4 0..3f table 1800",
                "pre  L5 0..3f table 1a00",
                "hole L5 0..0",
                "leaf L5 1 -> ffff888001234560 size 1 -",
                "leaf L5 2 -> 2a size 1 value",
                "leaf L5 3 -> 7fffffffffffffff size 1 value",
                "hole L5 4..4",
                "fault L5 5..5 entry 6 FAULT sibling entry: part of a multi-index entry, not modelled",
                "fault L5 6..6 entry 402 FAULT XA_RETRY_ENTRY: the slot is being changed; retry the walk",
                "fault L5 7..7 entry 3002 FAULT node pointer in a bottom node: the tree is deeper than six levels",
                "fault L5 8..8 entry 806 FAULT reserved internal entry",
                "fault L5 9..9 entry ffffffffffffffaa FAULT error entry (xa_mk_err): never stored in a tree",
                "hole L5 a..3f",
                "post L5 0..3f table 1a00",
                "post L4 0..3f table 1800",
                "post L3 0..3f table 1600",
                "post L2 0..3f table 1400",
                "post L1 0..3f table 1200",
                "post L0 0..3f table 1000"), log.events());
    }

    @Test
    void walkOfAllIndices() {
        EventLog log = new EventLog(walker.info());
        walker.walk(tree(), HEAD, 0, -1L, log);
        List<String> events = log.events();
        assertEquals(List.of(
                "leaf L5 1 -> ffff888001234560 size 1 -",
                "leaf L5 2 -> 2a size 1 value",
                "leaf L5 3 -> 7fffffffffffffff size 1 value",
                "fault L1 240000000..27fffffff entry 7fff0000 TABLE_OUTSIDE_MEMORY",
                "leaf L5 fffffffff -> 12345678 size 1 -"),
                events.stream().filter(e -> e.startsWith("leaf") || e.contains("TABLE_OUTSIDE")).toList());
        // The walk is clipped to the 2^36 indices: the top node covers exactly them.
        assertEquals("pre  L0 0..fffffffff table 1000", events.getFirst());
        assertEquals("post L0 0..fffffffff table 1000", events.getLast());
        // Between slot 9 and slot 63 of the top node nothing is stored: one hole.
        assertEquals(1, events.stream().filter(e -> e.equals("hole L0 280000000..fbfffffff")).count());
    }
}
