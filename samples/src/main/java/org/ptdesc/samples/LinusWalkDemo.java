package org.ptdesc.samples;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The test program of the 2014 generic-walker proposal, redone with ptdesc: build a small fake
 * four-level tree in memory, walk {@code 4096 .. 4096*512*3} with the {@code linus_x86_64}
 * descriptor, and print every walk (leaf), hole, pre-walk and post-walk event.
 *
 * <p>The fake tree: one path down the top three levels, then at the third level entry 0 points
 * to a page table with pages at indices 1, 2, 3 and 511, entry 1 is empty, and entry 2 points
 * to a page table with pages at indices 0 and 5.
 */
public final class LinusWalkDemo {

    /** Physical addresses of the fake tables. */
    static final long L4 = 0x1000, L3 = 0x2000, L2 = 0x3000, L1A = 0x4000, L1B = 0x5000;

    public static void main(String[] args) {
        Path desc = Path.of(args.length > 0 ? args[0] : "samples/descriptors/linus_x86_64.ptdesc");
        if (!Files.exists(desc)) {
            desc = Path.of("descriptors/linus_x86_64.ptdesc");
        }
        run(desc, System.out);
    }

    /** Runs the demo, printing to {@code out}, and returns the printed lines. */
    public static List<String> run(Path descriptor, PrintStream out) {
        TreeWalker walker = Ptdesc.load(descriptor, "linus_x86_64");
        PhysicalMemory mem = fakeTree();
        List<String> lines = new ArrayList<>();
        walker.walk(mem, L4, 4096, 4096L * 512 * 3 - 1, new WalkVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                return print("walk      %#010x-%#010x -> %#x (level %d)".formatted(va, va + size - 1, pa, level));
            }

            @Override
            public boolean hole(long first, long last, int level) {
                return print("hole      %#010x-%#010x (level %d)".formatted(first, last, level));
            }

            @Override
            public Action pre(long first, long last, int level, long table) {
                print("pre-walk  %#010x-%#010x (level %d, table %#x)".formatted(first, last, level, table));
                return Action.CONTINUE;
            }

            @Override
            public boolean post(long first, long last, int level, long table) {
                return print("post-walk %#010x-%#010x (level %d, table %#x)".formatted(first, last, level, table));
            }

            private boolean print(String line) {
                lines.add(line);
                out.println(line);
                return true;
            }
        });
        return lines;
    }

    /** The fake tree, entries written byte by byte: a non-zero entry holds the next frame in bits 63:12. */
    static PhysicalMemory fakeTree() {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x10000, 4096));
        mem.writeLong(L4, L3, false);
        mem.writeLong(L3, L2, false);
        mem.writeLong(L2, L1A, false);
        mem.writeLong(L2 + 2 * 8, L1B, false);
        mem.writeLong(L1A + 1 * 8, 0x100000, false);
        mem.writeLong(L1A + 2 * 8, 0x101000, false);
        mem.writeLong(L1A + 3 * 8, 0x102000, false);
        mem.writeLong(L1A + 511 * 8, 0x1ff000, false);
        mem.writeLong(L1B, 0x200000, false);
        mem.writeLong(L1B + 5 * 8, 0x205000, false);
        return mem;
    }

    private LinusWalkDemo() {}
}
