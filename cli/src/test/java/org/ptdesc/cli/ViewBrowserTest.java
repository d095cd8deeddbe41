package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * {@code ptdesc view} in a real browser: pages of the bundled images, loaded by headless Chromium,
 * must render without script errors, show the leaf count and bytes that {@code walk --format tsv}
 * reports, and name every attribute of the descriptor in the legend. Screenshots are kept in
 * {@code target/view-screenshots} (the README's come from there).
 */
class ViewBrowserTest {
    static final Path IMAGES = Path.of("..", "samples", "images");
    static final Path SHOTS = Path.of("target", "view-screenshots");

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource({
        "x86_64-4l-nokaslr-user, x86_64, 0x636e000",
        "arm64-4k48-nokaslr-kernel, aarch64_4k, 0x431d7000 0x46000041853000",
        "riscv64-sv39-synthetic, riscv_sv39, 0x8000000000080200"})
    void thePageShowsWhatWalkReports(String image, String tree, String roots) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.required();
        List<String> common = common(image, tree, roots);
        Path page = work.resolve(image + ".html");
        List<String> view = new ArrayList<>(List.of("view"));
        view.addAll(common);
        view.addAll(List.of("-o", page.toString()));
        CliRun made = CliRun.of(view.toArray(String[]::new));
        assertEquals(0, made.status(), made.err());

        List<String> walk = new ArrayList<>(List.of("walk"));
        walk.addAll(common);
        walk.addAll(List.of("--format", "tsv"));
        CliRun tsv = CliRun.of(walk.toArray(String[]::new));
        assertEquals(0, tsv.status(), tsv.err());
        long leaves = 0;
        long bytes = 0;
        for (String line : tsv.out().lines().skip(1).toList()) {
            leaves++;
            bytes += Long.decode(line.split("\t")[2]);
        }
        assertTrue(leaves > 0, "the walk found leaves");

        HeadlessChromium.Result result = chromium.dumpDom(page, work);
        String dom = result.dom();
        assertEquals("rendered", text(dom, "view-status"), "status; errors: " + text(dom, "script-errors"));
        assertEquals("", text(dom, "script-errors"));
        assertFalse(result.log().contains("Uncaught"), result.log());
        assertEquals(Long.toString(leaves), text(dom, "leaf-count"));
        assertEquals(Long.toString(bytes), text(dom, "bytes-mapped"));
        for (String name : attributeNames(tree)) {
            assertTrue(dom.contains("<td class=\"l attribute-name\">" + name + "</td>"), "legend names " + name);
        }

        Files.createDirectories(SHOTS);
        Path png = SHOTS.resolve(image + ".png");
        Files.deleteIfExists(png);
        chromium.screenshot(page, png, work);
        assertTrue(Files.size(png) > 10_000, "a screenshot was taken");
    }

    @Test
    void twoImagesShowTheirDifference() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.required();
        Path page = work.resolve("diff.html");
        Path user = IMAGES.resolve("x86_64-4l-nokaslr-user/dump.elf.gz");
        Path idle = IMAGES.resolve("x86_64-4l-nokaslr-idle/dump.elf.gz");
        CliRun made = CliRun.of("view", "--desc", desc("x86_64"), "--image", user.toString(), "--root", "0x636e000",
                "--compare-image", idle.toString(), "--compare-root", "0x61ba000", "-o", page.toString());
        assertEquals(0, made.status(), made.err());
        CliRun idleWalk = CliRun.of("walk", "--desc", desc("x86_64"), "--image", idle.toString(), "--root", "0x61ba000",
                "--format", "tsv");
        long idleLeaves = idleWalk.out().lines().count() - 1;

        String dom = chromium.dumpDom(page, work).dom();
        assertEquals("rendered", text(dom, "view-status"), text(dom, "script-errors"));
        assertEquals(Long.toString(idleLeaves), text(dom, "leaf-count-compared"));
        // two different processes: each maps user pages the other does not
        for (String kind : List.of("ONLY_FIRST", "ONLY_SECOND")) {
            Matcher m = Pattern.compile("data-kind=\"" + kind + "\"><td[^>]*>.*?</td><td class=\"count\">(\\d+)</td>")
                    .matcher(dom);
            assertTrue(m.find(), kind + " row in the difference table");
            assertTrue(Long.parseLong(m.group(1)) > 0, kind + " ranges");
        }
        Files.createDirectories(SHOTS);
        chromium.screenshot(page, SHOTS.resolve("compare-user-idle.png"), work);
    }

    @ParameterizedTest
    @CsvSource({
        "missing-dir/x.html, the directory does not exist",
        "a-file/x.html, is not a directory",
        "a-dir, it is a directory"})
    void anOutputThatCannotBeWrittenIsStatus3AndLeavesNothingBehind(String output, String reason) throws IOException {
        Files.writeString(work.resolve("a-file"), "not a directory");
        Files.createDirectory(work.resolve("a-dir"));
        Path target = work.resolve(output);
        CliRun run = CliRun.of("view", "--desc", desc("riscv_sv39"), "--image",
                IMAGES.resolve("riscv64-sv39-synthetic/dump.elf.gz").toString(), "--root", "0x8000000000080200", "-o",
                target.toString());
        assertEquals(3, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("ptdesc: error: cannot write the output: " + target + ": "), run.err());
        assertTrue(run.err().strip().endsWith(reason), run.err());
        assertEquals("", run.out());
        try (var files = Files.list(work)) {
            assertEquals(List.of("a-dir", "a-file"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        try (var files = Files.list(work.resolve("a-dir"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void aFullDiskIsStatus3() {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "no /dev/full here");
        CliRun run = CliRun.of("view", "--desc", desc("riscv_sv39"), "--image",
                IMAGES.resolve("riscv64-sv39-synthetic/dump.elf.gz").toString(), "--root", "0x8000000000080200", "-o",
                full.toString());
        assertEquals(3, run.status(), run.err());
        assertEquals(List.of("ptdesc: error: cannot write the output: /dev/full: No space left on device"),
                run.err().lines().toList());
    }

    private static List<String> common(String image, String tree, String roots) {
        List<String> args = new ArrayList<>(List.of("--desc", desc(tree), "--image",
                IMAGES.resolve(image).resolve("dump.elf.gz").toString()));
        for (String r : roots.split(" ")) {
            args.addAll(List.of("--root", r));
        }
        return args;
    }

    private static String desc(String tree) {
        return Path.of("..", "samples", "descriptors", tree + ".ptdesc").toString();
    }

    private static List<String> attributeNames(String tree) {
        Compilation c = Ptdesc.compile(Path.of(desc(tree)), Map.of());
        WalkerIr ir = c.trees().stream().filter(t -> t.name().equals(tree)).findFirst().orElseThrow();
        List<String> names = ir.attributes().stream().map(Attribute::name).toList();
        assertFalse(names.isEmpty());
        return names;
    }

    /** The text of the element with {@code id} in the dumped DOM (its content up to the next tag). */
    private static String text(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
        assertTrue(m.find(), "element #" + id + " in the page");
        return m.group(1).strip();
    }
}
