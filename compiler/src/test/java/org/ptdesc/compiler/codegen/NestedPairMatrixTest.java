package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.classfile.ClassFile;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * Every shipped guest tree over every shipped stage 2 tree (13 × 8 pairs, 4-byte and 8-byte
 * entries, big tables, several roots, tagged addresses): the pair class passes ASM's
 * {@code CheckClassAdapter} and the JDK verifier, and its walk gives the reference's events on
 * memory of random words (a quarter zero, the rest a frame in memory with low bits valid in
 * some format, or random),
 * with random roots, over random ranges, with a visitor that stops after a random number of
 * events. Random memory lets stage 2 map a guest table for some pairs only (each guest's count
 * of leaves is printed); over all pairs thousands of leaves are compared. The four pairs the samples test on hand-built and shaped random trees are in
 * {@code GeneratedPairTest}; this one sees formats those do not.
 */
class NestedPairMatrixTest {

    private static final List<String> HOSTS = List.of("intel_ept", "amd_npt", "aarch64_s2_4k", "aarch64_s2_16k",
            "aarch64_s2_64k", "riscv_sv39x4", "riscv_sv48x4", "riscv_sv57x4");
    private static final List<String> GUESTS = List.of("x86_64", "x86_64_la57", "x86_pae", "x86_32", "linus_x86_64",
            "aarch64_4k", "aarch64_16k", "aarch64_64k", "riscv_sv32", "riscv_sv39", "riscv_sv48", "riscv_sv57", "radix64");
    private static final long BYTES = 1L << 20;
    /**
     * Low bits that make entries valid in several formats, so that walks of both stages go
     * deep: x86 and EPT tables (P|RW|US, RWX), 2 MiB pages (PS), AArch64 tables and blocks with
     * AF, RISC-V pointers and user leaves, XArray node pointers; -1 for random bits.
     */
    private static final long[] USUAL_LOW_BITS = {0x7, 0x7, 0x87, 0x67, 0x403, 0x401, 0x4c3, 0x1, 0xdf, 0x2, -1, -1};

    /** Leaves over all pairs: random memory reaches pages of some pairs only, but it must reach some. */
    private static final AtomicLong LEAVES = new AtomicLong();

    @AfterAll
    static void somePairsReachedPages() {
        assertTrue(LEAVES.get() > 1000, "only " + LEAVES.get() + " leaves over all pairs; the comparison would prove little");
    }

    static Stream<String> guests() {
        return GUESTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("guests")
    void overEveryStage2TreeThePairVerifiesAndWalksAsTheReference(String guestName) {
        WalkerIr guest = NestedPairCodegenTest.ir(guestName);
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        TreeWalker guestWalker = loader.load(guest);
        long events = 0;
        long leaves = 0;
        for (String hostName : HOSTS) {
            WalkerIr host = NestedPairCodegenTest.ir(hostName);
            String where = guestName + " over " + hostName;
            byte[] bytes = NestedWalkerGenerator.generate(guest, host, NestedWalkerGenerator.defaultClassName(guest, host));
            StringWriter out = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), NestedWalker.class.getClassLoader(), false, new PrintWriter(out));
            assertEquals("", out.toString(), where);
            assertEquals(List.of(), ClassFile.of().verify(bytes), where);
            NestedWalker pair = loader.loadNested(guest, host, guestWalker, loader.load(host));
            NestedWalker reference = new NestedInterpreter(guest, host);
            SplittableRandom random = new SplittableRandom(guestName.hashCode() * 31L + hostName.hashCode());
            int riscv = (guestName.startsWith("riscv") ? 1 : 0) + (hostName.startsWith("riscv") ? 1 : 0);
            PhysicalMemory mem = randomMemory(random, riscv);
            for (int i = 0; i < 16; i++) {
                long[] guestRoots = roots(random, guestName, guest.roots().size());
                long[] hostRoots = roots(random, hostName, host.roots().size());
                int bits = guest.info().addressBits();
                long first = i == 0 ? 0 : random.nextLong() << (64 - bits) >> (64 - bits);
                long last = i == 0 ? -1L : first + random.nextLong(1L << (12 + 2 * i));
                int stopAfter = 1 + random.nextInt(i % 2 == 0 ? 40 : 3000);
                List<String> expected = events(reference, mem, guestRoots, hostRoots, first, last, stopAfter);
                assertEquals(expected, events(pair, mem, guestRoots, hostRoots, first, last, stopAfter),
                        where + " walk 0x" + Long.toHexString(first) + "..0x" + Long.toHexString(last));
                events += expected.size();
                leaves += expected.stream().filter(e -> e.startsWith("leaf")).count();
            }
        }
        System.out.println(guestName + " over the eight stage 2 trees: " + events + " walk events compared, "
                + leaves + " leaves");
        assertTrue(events >= 16 * HOSTS.size(), guestName + ": the walks reported almost nothing");
        LEAVES.addAndGet(leaves);
    }

    /** Random words; with {@code riscv} of the two trees RISC-V's, that many halves of them have its frame field (bit 10 up). */
    private static PhysicalMemory randomMemory(SplittableRandom random, int riscv) {
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(BYTES, 1 << 16));
        for (long at = 0; at < BYTES; at += 8) {
            long word = 0;
            if (random.nextInt(4) != 0) {
                long low = USUAL_LOW_BITS[random.nextInt(USUAL_LOW_BITS.length)];
                word = random.nextLong(BYTES >>> 12) << (random.nextInt(2) < riscv ? 10 : 12)
                        | (low < 0 ? random.nextLong(1 << 10) : low);
            }
            mem.writeLong(at, word, false);
        }
        return mem;
    }

    /**
     * Root registers that put each top table at a random page of memory: RISC-V's satp and
     * hgatp hold a page number (their MODE is ignored by the descriptors), the others an address.
     */
    private static long[] roots(SplittableRandom random, String tree, int count) {
        long[] roots = new long[count];
        for (int r = 0; r < count; r++) {
            long page = random.nextLong(BYTES) & ~0xfffL;
            roots[r] = tree.startsWith("riscv") ? page >>> 12 : page;
        }
        return roots;
    }

    /** The walk's events as text, up to and including the one that stops it. */
    private static List<String> events(NestedWalker w, PhysicalMemory mem, long[] guestRoots, long[] hostRoots,
            long first, long last, int stopAfter) {
        List<String> out = new ArrayList<>();
        w.walk(mem, guestRoots, hostRoots, first, last, new NestedVisitor() {
            private boolean go(String event) {
                out.add(event);
                return out.size() < stopAfter;
            }

            @Override
            public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry,
                    long guestAttributes, int hostLevel, long hostEntry, long hostAttributes) {
                return go(String.format("leaf %x %x %x %x %d %x %x %d %x %x", va, pa, size, gpa, guestLevel, guestEntry,
                        guestAttributes, hostLevel, hostEntry, hostAttributes));
            }

            @Override
            public boolean hole(long a, long b, Stage stage, int level) {
                return go(String.format("hole %x %x %s %d", a, b, stage, level));
            }

            @Override
            public boolean fault(long a, long b, Stage stage, int guestLevel, int hostLevel, long entry, Failure kind,
                    String message) {
                return go(String.format("fault %x %x %s %d %d %x %s %s", a, b, stage, guestLevel, hostLevel, entry, kind,
                        message));
            }

            @Override
            public WalkVisitor.Action pre(long a, long b, int level, long table, long hostTable) {
                return go(String.format("pre %x %x %d %x %x", a, b, level, table, hostTable))
                        ? WalkVisitor.Action.CONTINUE : WalkVisitor.Action.STOP;
            }

            @Override
            public boolean post(long a, long b, int level, long table) {
                return go(String.format("post %x %x %d %x", a, b, level, table));
            }
        });
        return out;
    }
}
