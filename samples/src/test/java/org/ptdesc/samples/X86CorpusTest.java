package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * {@code x86_64.ptdesc} against QEMU's own answers for real Linux guests (the corpus in
 * {@code images/}): every line of {@code info tlb}, every range and protection of
 * {@code info mem}, and every {@code gva2gpa} answer must come out exactly.
 */
class X86CorpusTest {

    static Stream<Arguments> cases() {
        List<Arguments> args = new ArrayList<>();
        for (String c : List.of("x86_64-4l-nokaslr-idle", "x86_64-4l-nokaslr-user", "x86_64-4l-nokaslr-kernel")) {
            for (Engine e : Engine.values()) {
                args.add(Arguments.of(CorpusCase.of(c), e));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}: info tlb")
    @MethodSource("cases")
    void everyInfoTlbLine(CorpusCase corpus, Engine engine) throws IOException {
        TreeWalker walker = engine.walker("x86_64");
        PhysicalMemory mem = PhysicalMemory.open(corpus.dump());
        long cr3 = corpus.registers().get("cr3");

        List<String> expected = infoTlb(corpus);
        List<String> actual = new ArrayList<>();
        walker.walk(mem, cr3, 0, -1L, (va, pa, size, level, entry, attributes) -> {
            actual.add(infoTlbLine(va, pa, size, entry));
            return true;
        });
        assertTrue(expected.size() > 1000, "the corpus has real content");
        assertLinesEqual(expected, actual);
    }

    @ParameterizedTest(name = "{0} {1}: info mem")
    @MethodSource("cases")
    void everyInfoMemRangeWithAccumulatedRights(CorpusCase corpus, Engine engine) throws IOException {
        TreeWalker walker = engine.walker("x86_64");
        PhysicalMemory mem = PhysicalMemory.open(corpus.dump());
        long cr3 = corpus.registers().get("cr3");
        TreeInfo.AttributeInfo user = attribute(walker.info(), "user");
        TreeInfo.AttributeInfo writable = attribute(walker.info(), "writable");

        List<String> expected = new ArrayList<>();
        for (String line : corpus.lines("info-mem.txt.gz")) {
            expected.add(line.strip());
        }
        // QEMU merges address-contiguous leaves whose U/S and R/W, ANDed over all levels, agree.
        List<String> actual = new ArrayList<>();
        class Ranges implements WalkVisitor {
            long start = -1;
            long end;
            String prot;

            @Override
            public boolean leaf(long va, long pa, long size, int level, long entry, long attributes) {
                String p = (user.valueIn(attributes) != 0 ? "u" : "-") + "r" + (writable.valueIn(attributes) != 0 ? "w" : "-");
                if (start != -1 && va == end && p.equals(prot)) {
                    end = va + size;
                    return true;
                }
                flush();
                start = va;
                end = va + size;
                prot = p;
                return true;
            }

            void flush() {
                if (start != -1) {
                    actual.add("%016x-%016x %016x %s".formatted(start, end, end - start, prot));
                }
            }
        }
        Ranges ranges = new Ranges();
        walker.walk(mem, cr3, 0, -1L, ranges);
        ranges.flush();
        assertTrue(expected.size() > 100, "the corpus has real content");
        assertLinesEqual(expected, actual);
    }

    @ParameterizedTest(name = "{0} {1}: gva2gpa")
    @MethodSource("cases")
    void everyGva2gpaAnswer(CorpusCase corpus, Engine engine) throws IOException {
        TreeWalker walker = engine.walker("x86_64");
        PhysicalMemory mem = PhysicalMemory.open(corpus.dump());
        long cr3 = corpus.registers().get("cr3");
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String[] r : corpus.rows("samples.tsv.gz")) {
            long va = CorpusCase.hex(r[0]);
            expected.add(r[0] + " " + (r[1].equals("unmapped") ? "unmapped" : "0x" + Long.toHexString(CorpusCase.hex(r[1]))));
            long pa = walker.translate(mem, cr3, va);
            actual.add(r[0] + " " + (pa == TreeWalker.NO_MAPPING ? "unmapped" : "0x" + Long.toHexString(pa)));
        }
        assertTrue(expected.size() > 1000, "the corpus has real content");
        assertTrue(expected.stream().anyMatch(s -> s.endsWith("unmapped")), "some addresses are unmapped");
        assertLinesEqual(expected, actual);
    }

    /**
     * User reads and user writes of every sampled address, checked for the access with the
     * guest's own mode bits (CR0.WP, CR4.SMEP/SMAP/PKE, EFER.NXE from its registers): QEMU's
     * {@code gva2gpa} says whether and where the address maps, and the {@code info mem} range
     * holding it gives U/S and R/W accumulated over the levels. A user read must reach the
     * {@code gva2gpa} address exactly when the range is {@code u..}, a user write when it is
     * {@code u.w}; otherwise the access is denied, and an unmapped address stays unmapped.
     */
    @ParameterizedTest(name = "{0} {1}: user reads and writes")
    @MethodSource("cases")
    void userReadsAndWritesAgreeWithInfoMemAndGva2gpa(CorpusCase corpus, Engine engine) throws IOException {
        TreeWalker walker = engine.walker("x86_64");
        PhysicalMemory mem = PhysicalMemory.open(corpus.dump());
        Map<String, Long> regs = corpus.registers();
        long cr3 = regs.get("cr3");
        long cr4 = regs.get("cr4");
        long modes = walker.info().modeWord(Map.of("WP", regs.get("cr0") >>> 16 & 1, "SMEP", cr4 >>> 20 & 1,
                "SMAP", cr4 >>> 21 & 1, "PKE", cr4 >>> 22 & 1, "NXE", regs.get("efer") >>> 11 & 1));
        List<long[]> ranges = new ArrayList<>();   // start, end (exclusive), user, writable
        for (String line : corpus.lines("info-mem.txt.gz")) {
            String[] f = line.strip().split("\\s+");      // start-end size prot
            String[] bounds = f[0].split("-");
            String prot = f[2];
            ranges.add(new long[] {Long.parseUnsignedLong(bounds[0], 16), Long.parseUnsignedLong(bounds[1], 16),
                    prot.charAt(0) == 'u' ? 1 : 0, prot.charAt(2) == 'w' ? 1 : 0});
        }
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        int[] seen = new int[3];                   // allowed, denied, unmapped answers expected
        for (String[] r : corpus.rows("samples.tsv.gz")) {
            long va = CorpusCase.hex(r[0]);
            long[] range = ranges.stream().filter(x -> Long.compareUnsigned(va, x[0]) >= 0
                    && Long.compareUnsigned(va, x[1]) < 0).findFirst().orElse(null);
            String pa = r[1].equals("unmapped") ? "unmapped" : "0x" + Long.toHexString(CorpusCase.hex(r[1]));
            assertEquals(pa.equals("unmapped"), range == null, r[0] + ": info mem and gva2gpa agree on mapping");
            String read = range == null ? "unmapped" : range[2] == 1 ? pa : "denied";
            String write = range == null ? "unmapped" : range[2] == 1 && range[3] == 1 ? pa : "denied";
            expected.add(r[0] + " read " + read + " write " + write);
            actual.add(r[0] + " read " + answer(walker.translate(mem, cr3, va, Access.READ | Access.USER, modes))
                    + " write " + answer(walker.translate(mem, cr3, va, Access.WRITE | Access.USER, modes)));
            for (String a : List.of(read, write)) {
                seen[a.equals("unmapped") ? 2 : a.equals("denied") ? 1 : 0]++;
            }
        }
        assertTrue(expected.size() > 1000, "the corpus has real content");
        assertTrue(seen[0] > 0 && seen[1] > 0 && seen[2] > 0, "allowed, denied and unmapped answers all occur: "
                + java.util.Arrays.toString(seen));
        assertLinesEqual(expected, actual);
    }

    private static String answer(long pa) {
        return pa == TreeWalker.NO_MAPPING ? "unmapped" : pa == TreeWalker.DENIED ? "denied" : "0x" + Long.toHexString(pa);
    }

    /** QEMU 7.2 {@code info tlb} flags of a leaf entry: X G P D A C T U W; 4K PTEs print bit 7 (PAT) as '-'. */
    /** QEMU's {@code info tlb} of the case: va_start va_end pa size flags, a line each, as QEMU printed them. */
    static List<String> infoTlb(CorpusCase corpus) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String[] r : corpus.rows("mappings.tsv.gz")) {
            lines.add(String.join(" ", r[0], r[1], r[2], r[3], r[4]));
        }
        return lines;
    }

    /** A leaf as QEMU's {@code info tlb} prints it. */
    static String infoTlbLine(long va, long pa, long size, long entry) {
        return "0x%016x 0x%016x 0x%016x 0x%x %s".formatted(va, va + size, pa, size, qemuFlags(entry, size));
    }

    static String qemuFlags(long e, long size) {
        return "" + (e < 0 ? 'X' : '-') + (bit(e, 8) ? 'G' : '-') + (size > 0x1000 && bit(e, 7) ? 'P' : '-')
                + (bit(e, 6) ? 'D' : '-') + (bit(e, 5) ? 'A' : '-') + (bit(e, 4) ? 'C' : '-')
                + (bit(e, 3) ? 'T' : '-') + (bit(e, 2) ? 'U' : '-') + (bit(e, 1) ? 'W' : '-');
    }

    private static boolean bit(long e, int n) {
        return (e >>> n & 1) != 0;
    }

    private static TreeInfo.AttributeInfo attribute(TreeInfo info, String name) {
        return info.attributes().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    /** Compares line lists, reporting the first difference rather than two huge strings. */
    static void assertLinesEqual(List<String> expected, List<String> actual) {
        int n = Math.min(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), "number of lines");
    }
}
