package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.view.CapturedWalk;
import org.ptdesc.view.Picture;
import org.ptdesc.view.ViewPage;
import org.ptdesc.view.WalkCapture;

/**
 * {@code ptdesc view} at the scale of a real guest (issue 14): a synthetic x86-64 tree of about
 * 700,000 leaves (4 KiB pages of varied attributes, most at scattered physical addresses so that
 * few coalesce, some holes, 2 MiB pages, a 1 GiB page, a kernel half with global pages) must give
 * a page below {@link #PAGE_BOUND} bytes, whose leaf count and bytes equal what the tables were
 * built to hold, and which headless Chromium renders without a script error. The times are
 * printed, for the README.
 */
class ViewScaleTest {
    /** The bound the README documents for a walk of this size. */
    static final long PAGE_BOUND = 32L << 20;

    @TempDir
    static Path work;
    static Path page;
    static long leaves;
    static long bytes;

    @BeforeAll
    static void buildAndRender() throws IOException {
        X86PageTables t = new X86PageTables();
        Random random = new Random(14);
        long pdptUser = t.child(t.root, 0);
        // a 1 GiB page at 1 GiB, user read-only, non-executable
        t.set(pdptUser, 1, 0x4000_0000L | X86PageTables.P | X86PageTables.PS | X86PageTables.US | X86PageTables.XD);
        count(1, 1L << 30);
        for (int pd = 0; pd < 3; pd++) {
            long dir = t.child(pdptUser, 2 + pd);
            for (int i = 0; i < 440; i++) {
                fill(t, t.child(dir, i), random, X86PageTables.US);
            }
            for (int i = 440; i < 480; i++) { // 2 MiB pages, writable data; 480..511 stay empty
                t.set(dir, i, (0x2_0000_0000L + (pd * 512L + i) * (2L << 20)) | X86PageTables.P | X86PageTables.PS
                        | X86PageTables.RW | X86PageTables.US | X86PageTables.XD);
                count(1, 2L << 20);
            }
        }
        long pdptKernel = t.child(t.root, 511);
        long kernelDir = t.child(pdptKernel, 510);
        for (int i = 0; i < 120; i++) {
            fill(t, t.child(kernelDir, i), random, X86PageTables.G);
        }
        Path image = work.resolve("guest.raw");
        t.write(image);

        WalkerIr ir = Ptdesc.compile(Path.of("..", "samples", "descriptors", "x86_64.ptdesc"), Map.of()).trees()
                .getFirst();
        TreeWalker walker = Engines.generated(ir);
        DescriptorRules rules = new DescriptorRules(ir, Path.of("..", "samples", "descriptors", "x86_64.ptdesc"));
        PhysicalMemory mem = PhysicalMemory.raw(image, 0);
        page = work.resolve("guest.html");
        long started = System.nanoTime();
        CapturedWalk walk = WalkCapture.walk(walker, rules, mem, new long[] {t.root}, 0, -1L);
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(page, StandardCharsets.UTF_8), 1 << 16)) {
            ViewPage.write(Picture.of("scale", walk, "synthetic guest", rules), w);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("view scale: %d leaves, %d runs, %d holes, %d tables; page %d bytes; walked and written"
                + " in %.2f s%n", walk.leafCount(), walk.runs().size(), walk.holes().size(), walk.tables().size(),
                Files.size(page), seconds);
        assertEquals(leaves, walk.leafCount(), "leaves the walk found");
        assertTrue(seconds < 60, "walked and written in " + seconds + " s");
    }

    /** Fills a page table: about 5% of entries empty, attributes changing every few pages, most frames scattered. */
    private static void fill(X86PageTables t, long table, Random random, long always) {
        boolean scattered = random.nextInt(4) != 0;
        long frame = (0x1_0000_0000L + random.nextInt(1 << 20) * X86PageTables.PAGE);
        long flags = X86PageTables.P | X86PageTables.RW | X86PageTables.XD;
        for (int i = 0; i < 512; i++) {
            if (random.nextInt(20) == 0) {
                continue; // not present: a hole
            }
            if (random.nextInt(8) == 0) {
                flags = switch (random.nextInt(4)) {
                    case 0 -> X86PageTables.P | X86PageTables.RW | X86PageTables.XD; // data
                    case 1 -> X86PageTables.P | X86PageTables.XD;                    // read-only data
                    case 2 -> X86PageTables.P;                                       // code
                    default -> X86PageTables.P | X86PageTables.RW;                   // writable code
                };
            }
            long pa = scattered ? random.nextInt(1 << 22) * X86PageTables.PAGE : frame + i * X86PageTables.PAGE;
            t.set(table, i, pa | flags | always);
            count(1, X86PageTables.PAGE);
        }
    }

    private static void count(long n, long size) {
        leaves += n;
        bytes += n * size;
    }

    @Test
    void aGuestOfSevenHundredThousandLeavesGivesAPageOfAFewMiB() throws IOException {
        assertTrue(leaves > 680_000 && leaves < 720_000, leaves + " leaves");
        long size = Files.size(page);
        assertTrue(size < PAGE_BOUND, size + " bytes");
    }

    @Test
    void chromiumRendersItAndCountsEveryLeaf() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.required();
        long started = System.nanoTime();
        HeadlessChromium.Result result = chromium.dumpDom(page, work);
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("view scale: Chromium loaded and rendered the page in %.1f s (start-up included)%n", seconds);
        String dom = result.dom();
        assertEquals("rendered", text(dom, "view-status"), text(dom, "script-errors"));
        assertEquals("", text(dom, "script-errors"));
        assertFalse(result.log().contains("Uncaught"), result.log());
        assertEquals(Long.toString(leaves), text(dom, "leaf-count"));
        assertEquals(Long.toString(bytes), text(dom, "bytes-mapped"));
    }

    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
        assertTrue(m.find(), "element #" + id + " in the page");
        return m.group(1).strip();
    }
}
