package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Translate and walk agree at the edges of memory, in both engines: an entry whose address wraps
 * past 2^64 is outside memory (not the low memory it wraps to), and a table that is only partly
 * in memory is walked entry by entry, each unreadable entry a {@code TABLE_OUTSIDE_MEMORY} fault
 * with the address translate reports for it. Images are built by hand; the expected addresses
 * are computed in the comments.
 */
class MemoryEdgeTest {

    /** One 9-bit level of 8-byte entries; bit 0 present; the page frame in bits 51:12. */
    private static String descriptor(String root) {
        return "tree edge {\n    address 21 bits; offset 12 bits; entry 64 bits; root r = " + root + ";\n"
                + "    level L bits 9 { invalid when !entry[0]; leaf -> entry[51:12] << 12; }\n}\n";
    }

    private static List<TreeWalker> engines(String root) {
        Compilation c = Ptdesc.compile("edge.ptdesc", descriptor(root), Map.of());
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        WalkerIr ir = c.trees().getFirst();
        return List.of(new Interpreter(ir), new WalkerLoader(TreeWalker.class.getClassLoader()).load(ir));
    }

    /** The walk's events, one string each. */
    private static List<String> walk(TreeWalker w, PhysicalMemory mem, long root) {
        List<String> events = new ArrayList<>();
        w.walk(mem, root, 0, 0x1f_ffff, new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                return events.add("leaf " + hex(va) + " " + hex(pa));
            }

            @Override
            public boolean hole(long first, long last, int level) {
                return events.add("hole " + hex(first) + ".." + hex(last));
            }

            @Override
            public Action pre(long first, long last, int level, long table) {
                events.add("pre " + hex(table));
                return Action.CONTINUE;
            }

            @Override
            public boolean post(long first, long last, int level, long table) {
                return events.add("post " + hex(table));
            }

            @Override
            public boolean fault(long first, long last, int level, long entry, Failure kind, String message) {
                return events.add("fault " + hex(first) + ".." + hex(last) + " " + hex(entry) + " " + kind);
            }
        });
        return events;
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /**
     * Every event's first address translates as the event says: a leaf to its physical address,
     * a hole to NOT_PRESENT, a fault to TABLE_OUTSIDE_MEMORY at the same entry address.
     */
    private static void translateAgrees(TreeWalker w, PhysicalMemory mem, long root, List<String> events) {
        for (String e : events) {
            String[] f = e.split(" ");
            long va = Long.parseUnsignedLong(f[1].split("\\.\\.")[0].substring(2), 16);
            Translation t = w.translateDetailed(mem, root, va);
            switch (f[0]) {
                case "leaf" -> assertEquals(Long.parseUnsignedLong(f[2].substring(2), 16), t.pa(), e);
                case "hole" -> assertEquals(Failure.NOT_PRESENT, t.failure(), e);
                case "fault" -> {
                    assertEquals(Failure.TABLE_OUTSIDE_MEMORY, t.failure(), e);
                    assertEquals(Long.parseUnsignedLong(f[2].substring(2), 16), t.entry(), e);
                    assertEquals(TreeWalker.NO_MAPPING, w.translate(mem, root, va), e);
                }
                default -> { }
            }
        }
    }

    /**
     * Memory at 0..0xfff and at 0xfffffffffffff000..0xfffffffffffff7ff; the table at
     * 0xfffffffffffff400: entries 0..127 (0x...f400..0x...f7f8) are readable, 128..383
     * (0x...f800..0x...fff8) are in no range, and 384..511 (2^64 is 0xc00 = 384 * 8 bytes above
     * the table) wrap to 0x0..0x3f8, which is memory but not theirs.
     */
    @Test
    void aTableAtTheTopOfThePhysicalSpaceDoesNotWrapIntoLowMemory() {
        long table = 0xffff_ffff_ffff_f400L;
        MemorySegment data = Arena.ofAuto().allocate(0x2000);
        PhysicalMemory mem = PhysicalMemory.of(data, List.of(new PhysicalMemory.Range(0, 0x1000, 0),
                new PhysicalMemory.Range(0xffff_ffff_ffff_f000L, 0x800, 0x1000)), "top");
        mem.writeLong(table + 8, 0x5001, false);           // entry 1: va 0x1000 -> 0x5000
        for (long pa = 0; pa < 0x1000; pa += 8) {
            mem.writeLong(pa, 0x7001, false);              // what a wrapped read would find
        }
        for (TreeWalker w : engines("r")) {
            String name = w.getClass().getSimpleName();
            List<String> events = walk(w, mem, table);
            assertEquals("pre 0xfffffffffffff400", events.get(0), name);
            assertEquals("hole 0x0..0xfff", events.get(1), name);
            assertEquals("leaf 0x1000 0x5000", events.get(2), name);
            assertEquals("hole 0x2000..0x7ffff", events.get(3), name);
            // Entry 128 is the first outside memory; entry 384 wraps to 0, entry 511 to 0x3f8.
            assertEquals("fault 0x80000..0x80fff 0xfffffffffffff800 TABLE_OUTSIDE_MEMORY", events.get(4), name);
            assertEquals("fault 0x17f000..0x17ffff 0xfffffffffffffff8 TABLE_OUTSIDE_MEMORY", events.get(4 + 255), name);
            assertEquals("fault 0x180000..0x180fff 0x0 TABLE_OUTSIDE_MEMORY", events.get(4 + 256), name);
            assertEquals("fault 0x1ff000..0x1fffff 0x3f8 TABLE_OUTSIDE_MEMORY", events.get(4 + 383), name);
            assertEquals("post 0xfffffffffffff400", events.getLast(), name);
            assertEquals(4 + 384 + 1, events.size(), name);
            translateAgrees(w, mem, table, events);
        }
    }

    /** A table of which no entry is readable (all of them wrap): one fault for the table, no pre. */
    @Test
    void aTableWhoseEntriesAllWrapIsOneFault() {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x1000));
        for (long pa = 0; pa < 0x1000; pa += 8) {
            mem.writeLong(pa, 0x7001, false);
        }
        long table = -8L;                                   // entry 0 at 2^64 - 8, entry 1 wraps to 0
        for (TreeWalker w : engines("r")) {
            assertEquals(List.of("fault 0x0..0x1fffff 0xfffffffffffffff8 TABLE_OUTSIDE_MEMORY"), walk(w, mem, table));
            Translation t = w.translateDetailed(mem, table, 0x1000);
            assertEquals(Failure.TABLE_OUTSIDE_MEMORY, t.failure());
            assertEquals(0L, t.entry(), "entry 1's address wraps to 0");
            assertEquals(TreeWalker.NO_MAPPING, w.translate(mem, table, 0x1000));
        }
    }

    /**
     * A raw image of 4096 * 2 + 4 bytes, the table at 0x1800: entries 0..255 end at 0x1fff,
     * entry 256 (0x2000) has only 4 of its 8 bytes in the file, entries 257..511 none.
     */
    @Test
    void aTableStraddlingTheEndOfARawImage(@TempDir Path dir) throws IOException {
        ByteBuffer image = ByteBuffer.allocate(4096 * 2 + 4).order(ByteOrder.LITTLE_ENDIAN);
        image.putLong(0x1800 + 255 * 8, 0x9001);            // entry 255: va 0xff000 -> 0x9000
        image.putInt(0x2000, 0x0000_b001);                  // the first half of entry 256
        Path raw = dir.resolve("partial.raw");
        Files.write(raw, image.array());
        PhysicalMemory mem = PhysicalMemory.raw(raw, 0);
        for (String root : List.of("r", "r[51:3] << 3")) {  // with and without translate's wrap check
            for (TreeWalker w : engines(root)) {
                List<String> events = walk(w, mem, 0x1800);
                assertEquals(List.of("pre 0x1800", "hole 0x0..0xfefff", "leaf 0xff000 0x9000"), events.subList(0, 3));
                assertEquals("fault 0x100000..0x100fff 0x2000 TABLE_OUTSIDE_MEMORY", events.get(3));
                assertEquals("fault 0x1ff000..0x1fffff 0x27f8 TABLE_OUTSIDE_MEMORY", events.get(3 + 255));
                assertEquals(List.of("post 0x1800"), events.subList(3 + 256, events.size()));
                translateAgrees(w, mem, 0x1800, events);
            }
        }
    }
}
