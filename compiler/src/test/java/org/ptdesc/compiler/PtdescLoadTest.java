package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/** {@link Ptdesc#load}: run-time compilation, its cache, its errors, and stack traces into the descriptor. */
class PtdescLoadTest {

    @TempDir
    Path dir;

    /** A one-level tree: 16 entries of 4 KiB pages; an entry maps when bit 0 is set. */
    static final List<String> TREE = List.of(
            "tree tiny {",                                  // 1
            "    address 16 bits;",                         // 2
            "    offset 12 bits;",                          // 3
            "    entry 64 bits;",                           // 4
            "    root r = r;",                              // 5
            "    flag V [0];",                              // 6
            "    field frame [63:12];",                     // 7
            "    level L bits 4 {",                         // 8
            "        invalid when !V;",                     // 9
            "        leaf -> frame << 12;",                 // 10
            "    }",                                        // 11
            "}");                                           // 12

    @Test
    void compilesOnceAndAgainOnlyWhenTheFileChanges() throws IOException {
        Path file = dir.resolve("tiny.ptdesc");
        Files.write(file, TREE);
        TreeWalker first = Ptdesc.load(file, "tiny");
        assertSame(first, Ptdesc.load(file, "tiny"), "cached");
        Files.writeString(file, String.join("\n", TREE).replace("[0]", "[1]"));
        TreeWalker changed = Ptdesc.load(file, "tiny");
        assertNotSame(first, changed, "recompiled after the change");

        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x2000, 8));
        mem.writeLong(0x1000 + 8, 0x5000 | 2, false); // bit 1 set, bit 0 clear
        assertEquals(TreeWalker.NO_MAPPING, first.translate(mem, 0x1000, 0x1234));
        assertEquals(0x5234, changed.translate(mem, 0x1000, 0x1234));
    }

    @Test
    void errorsAndUnknownTreesAreReported() throws IOException {
        Path bad = dir.resolve("bad.ptdesc");
        Files.writeString(bad, String.join("\n", TREE).replace("frame << 12", "nowhere << 12"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ptdesc.load(bad, "tiny"));
        assertTrue(e.getMessage().contains(bad + ":10:17: error:"), e.getMessage());

        Path good = dir.resolve("good.ptdesc");
        Files.write(good, TREE);
        NoSuchElementException n = assertThrows(NoSuchElementException.class, () -> Ptdesc.load(good, "huge"));
        assertTrue(n.getMessage().endsWith("has no tree 'huge'; it has: tiny"), n.getMessage());
    }

    @Test
    void anUnusedWalkerIsUnloaded() throws IOException, InterruptedException {
        Path file = dir.resolve("tiny.ptdesc");
        Files.write(file, TREE);
        java.lang.ref.WeakReference<Class<?>> type = new java.lang.ref.WeakReference<>(Ptdesc.load(file, "tiny").getClass());
        for (int i = 0; i < 50 && type.get() != null; i++) {
            collectGarbage();
            Thread.sleep(20);
        }
        assertTrue(type.get() == null, "the walker class was unloaded");
        assertEquals(0x5234, Ptdesc.load(file, "tiny").translate(memoryWithPage(), 0x1000, 0x1234), "and loads again");
    }

    /**
     * A full collection, requested through the {@code GC.run} diagnostic command (what
     * {@code jcmd PID GC.run} sends) rather than {@code System.gc()}: {@code -XX:+DisableExplicitGC}
     * turns {@code System.gc()} into a no-op but leaves the diagnostic command working, so the
     * unloading stays observable under either setting.
     */
    static void collectGarbage() {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcRun", new Object[] {null}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new AssertionError("the GC.run diagnostic command is unavailable", e);
        }
    }

    private static PhysicalMemory memoryWithPage() {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x2000, 8));
        mem.writeLong(0x1000 + 8, 0x5000 | 1, false);
        return mem;
    }

    @Test
    void stackTracesThroughAWalkerNameTheDescriptor() throws IOException {
        Path file = dir.resolve("tiny.ptdesc");
        Files.write(file, TREE);
        TreeWalker w = Ptdesc.load(file, "tiny");
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x2000, 8));
        mem.writeLong(0x1000, 0x7000 | 1, false);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> w.walk(mem, 0x1000, 0, 0xffff,
                (WalkVisitor) (va, pa, size, level, entry, attributes) -> {
                    throw new IllegalStateException("from the visitor");
                }));
        StackTraceElement frame = Arrays.stream(thrown.getStackTrace())
                .filter(f -> "tiny.ptdesc".equals(f.getFileName())).findFirst().orElseThrow(() ->
                        new AssertionError("no frame in tiny.ptdesc: " + Arrays.toString(thrown.getStackTrace())));
        assertTrue(frame.getLineNumber() >= 8 && frame.getLineNumber() <= 10,
                "the frame points into level L's lines: " + frame);
        assertFalse(w.getClass().isHidden(), "an ordinary class, so its frames show");
    }
}
