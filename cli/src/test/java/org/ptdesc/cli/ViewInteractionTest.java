package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ptdesc view}'s page under real input events in headless Chromium (DevTools protocol):
 * the wheel zooms around the pointer, a drag pans, {@code +}/{@code -}/arrows/{@code 0} work,
 * hovering and clicking a leaf show its details, and a warning link zooms to its range. The
 * tree is built by hand (below), and the leaf's details are checked against
 * {@code translate --detail} and the descriptor's source text. Any console error or uncaught
 * exception fails the test.
 */
class ViewInteractionTest {
    static final Path DESC = Path.of("..", "samples", "descriptors", "x86_64.ptdesc");

    @TempDir
    static Path work;
    static Path page;
    static Path image;
    static DevToolsSession browser;

    @BeforeAll
    static void makeThePage() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.required();
        X86PageTables t = new X86PageTables();
        long pt = t.child(t.child(t.child(t.root, 0), 0), 0);
        long user = X86PageTables.P | X86PageTables.US;
        for (int i = 16; i < 20; i++) { // 0x10000..0x13fff: user data, one run
            t.set(pt, i, (0x50_0000 + (i - 16) * X86PageTables.PAGE) | user | X86PageTables.RW | X86PageTables.XD);
        }
        t.set(pt, 20, 0x1234_5000L | user); // 0x14000: user code, read-only, the leaf the details test hovers
        for (int i = 21; i < 24; i++) {
            t.set(pt, i, (0x60_0000 + (i - 21) * X86PageTables.PAGE) | user | X86PageTables.XD);
        }
        for (int i = 40; i < 44; i++) { // 0x28000..0x2bfff: supervisor, writable and executable
            t.set(pt, i, (0x70_0000 + (i - 40) * X86PageTables.PAGE) | X86PageTables.P | X86PageTables.RW);
        }
        // 0xffffff8000000000: a 2 MiB kernel-half page that user mode may access
        long pdKernel = t.child(t.child(t.root, 511), 0);
        t.set(pdKernel, 0, 0x20_0000 | X86PageTables.P | X86PageTables.PS | X86PageTables.RW | X86PageTables.US
                | X86PageTables.XD | X86PageTables.G);
        image = work.resolve("tables.raw");
        t.write(image);
        page = work.resolve("page.html");
        CliRun made = CliRun.of("view", "--desc", DESC.toString(), "--image", image.toString(), "--base", "0",
                "--root", "0x" + Long.toHexString(t.root), "-o", page.toString());
        assertEquals(0, made.status(), made.err());
        browser = chromium.devTools(work, 1400, 900);
    }

    @AfterAll
    static void closeTheBrowser() throws InterruptedException {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void load() throws InterruptedException {
        browser.load(page, "document.getElementById('view-status').textContent !== 'loading' && window.ptdescView");
        assertEquals("rendered", browser.evaluate("document.getElementById('view-status').textContent"),
                String.valueOf(browser.evaluate("document.getElementById('script-errors').textContent")));
    }

    @AfterEach
    void noScriptErrors() {
        assertEquals(List.of(), browser.takeProblems());
    }

    @Test
    void theWheelZoomsAroundThePointer() {
        double x = clientX("14000", "14fff");
        double y = rowY("map");
        double[] before = range();
        browser.wheel(x, y, -400);
        double[] after = range();
        assertTrue(width(after) < 0.9 * width(before), "zoomed in: " + width(before) + " -> " + width(after));
        assertEquals(x, clientX("14000", "14fff"), 1.0, "the leaf stays under the pointer");
        browser.wheel(x, y, 400);
        assertEquals(width(before), width(range()), width(before) * 1e-9, "zoomed back out");
        assertEquals(x, clientX("14000", "14fff"), 1.0, "the leaf stays under the pointer");
    }

    @Test
    void aDragPansTheView() {
        double y = rowY("map");
        zoomOnto("14000", "14fff", y);
        double x = clientX("14000", "14fff");
        double[] before = range();
        browser.mouse("mousePressed", x, y, "left", 1);
        for (int dx : IntStream.rangeClosed(1, 6).map(k -> 25 * k).toArray()) {
            browser.mouse("mouseMoved", x + dx, y, "left", 1);
        }
        browser.mouse("mouseReleased", x + 150, y, "left", 0);
        double[] after = range();
        assertEquals(width(before), width(after), width(before) * 1e-9, "panning keeps the zoom");
        assertTrue(after[0] < before[0], "dragged right, the view moved left");
        assertEquals(x + 150, clientX("14000", "14fff"), 1.0, "the leaf moved with the pointer");
    }

    @Test
    void keysZoomPanAndRestoreTheWholeSpace() {
        double[] whole = range();
        browser.key("+", "Equal", 187);
        double[] in = range();
        assertEquals(width(whole) / 2, width(in), width(whole) * 1e-9, "+ halves the range");
        assertEquals(centre(whole), centre(in), width(whole) * 1e-9, "around its centre");
        browser.key("ArrowRight", "ArrowRight", 39);
        double[] right = range();
        assertEquals(in[0] + width(in) / 10, right[0], width(whole) * 1e-9, "-> pans a tenth of the range");
        browser.key("ArrowLeft", "ArrowLeft", 37);
        assertEquals(in[0], range()[0], width(whole) * 1e-9, "<- pans back");
        browser.key("-", "Minus", 189);
        assertEquals(width(whole), width(range()), width(whole) * 1e-9, "- doubles it");
        browser.key("+", "Equal", 187);
        browser.key("+", "Equal", 187);
        browser.key("0", "Digit0", 48);
        assertEquals(0.0, range()[0]);
        assertEquals(whole[1], range()[1]);
        assertEquals("0x0", browser.evaluate("document.getElementById('canvas').dataset.viewFirst"));
        assertEquals("0xffffffffffffffff", browser.evaluate("document.getElementById('canvas').dataset.viewLast"));
    }

    @Test
    void hoveringAndClickingALeafShowItsDetails() throws IOException {
        // the oracle: the walker's own translation of one address, and the descriptor's text
        CliRun translated = CliRun.withInput("0x14000\n", "translate", "--desc", DESC.toString(), "--image",
                image.toString(), "--base", "0", "--root", "0x1000", "--detail");
        assertEquals(0, translated.status(), translated.err());
        assertEquals("0x14000 0x12345000 level=PT (level 3) size=4KiB entry=0x12345005 attributes=user",
                translated.out().strip(), "translate --detail agrees with the entry as built");
        List<String> source = Files.readAllLines(DESC);
        int ruleLine = IntStream.range(0, source.size()).filter(i -> source.get(i).contains("leaf -> frame << 12"))
                .max().orElseThrow() + 1;
        List<String> expected = List.of(
                "leaf       0x14000 .. 0x14fff",
                "physical   0x12345000",
                "size       4 KiB",
                "level      PT (level 3)",
                "entry      0x12345005",
                "attributes user",
                "rule       x86_64.ptdesc:" + ruleLine + ": " + source.get(ruleLine - 1).strip());

        double y = rowY("map");
        zoomOnto("14000", "14fff", y);
        double x = clientX("14000", "14fff");
        browser.mouse("mouseMoved", x, y, "none", 0);
        assertEquals(expected, details());
        browser.mouse("mouseMoved", x, rowY("PT"), "none", 0);
        assertEquals(expected, details(), "the tree's PT row shows the same leaf");

        browser.mouse("mousePressed", x, y, "left", 1);
        browser.mouse("mouseReleased", x, y, "left", 0);
        double other = clientX("13000", "13fff");
        browser.mouse("mouseMoved", other, y, "none", 0);
        assertEquals(expected, details(), "a click keeps the details while the pointer moves on");
        browser.key("Escape", "Escape", 27);
        browser.mouse("mouseMoved", other + 1, y, "none", 0);
        assertEquals("leaf       0x13000 .. 0x13fff", details().getFirst(), "Escape lets hovering show details again");
    }

    @Test
    void aWarningLinkZoomsToItsRange() {
        @SuppressWarnings("unchecked")
        List<Object> link = (List<Object>) browser.evaluate("(() => {"
                + " const a = document.querySelector('p[data-warning=WRITABLE_EXECUTABLE] + ul a.place');"
                + " a.scrollIntoView({ block: 'center' }); const r = a.getBoundingClientRect();"
                + " return [r.left + r.width / 2, r.top + r.height / 2, a.textContent]; })()");
        assertEquals("0x28000 .. 0x2bfff", link.get(2));
        double lx = (Double) link.get(0);
        double ly = (Double) link.get(1);
        browser.mouse("mousePressed", lx, ly, "left", 1);
        browser.mouse("mouseReleased", lx, ly, "left", 0);

        long first = Long.parseUnsignedLong(((String) browser.evaluate("document.getElementById('canvas').dataset.viewFirst")).substring(2), 16);
        long last = Long.parseUnsignedLong(((String) browser.evaluate("document.getElementById('canvas').dataset.viewLast")).substring(2), 16);
        assertTrue(first >= 0x20000 && first <= 0x28000, "view starts just before the range: " + Long.toHexString(first));
        assertTrue(Long.compareUnsigned(last, 0x2bfff) >= 0, "and ends after it: " + Long.toHexString(last));
        double shown = clientX("2bfff", "2bfff") - clientX("28000", "28000");
        double canvasWidth = ((Number) browser.evaluate("document.getElementById('canvas').clientWidth")).doubleValue();
        assertTrue(shown > 0.3 * canvasWidth, "the range fills the picture: " + shown + " of " + canvasWidth + " px");
        List<String> text = details();
        assertEquals("leaf       0x28000 .. 0x28fff", text.getFirst());
        assertEquals("one of 4 alike pages 0x28000 .. 0x2bfff", text.getLast());
        assertEquals("0xffffff8000000000 .. 0xffffff80001fffff", browser.evaluate(
                "document.querySelector('p[data-warning=USER_KERNEL] + ul a.place').textContent"));
    }

    /** Rolls the wheel over a range until it is at least 40 pixels wide. */
    private void zoomOnto(String first, String last, double y) {
        for (int i = 0; i < 40 && clientX(addOne(last), addOne(last)) - clientX(first, first) < 40; i++) {
            browser.wheel(clientX(first, last), y, -500);
        }
        assertTrue(clientX(addOne(last), addOne(last)) - clientX(first, first) >= 40, "zoomed onto " + first);
    }

    private static String addOne(String hex) {
        return Long.toHexString(Long.parseUnsignedLong(hex, 16) + 1);
    }

    private double clientX(String first, String last) {
        Object x = browser.evaluate("ptdescView.clientX('" + first + "', '" + last + "')");
        assertNotNull(x, first + " .. " + last + " is in view");
        return ((Number) x).doubleValue();
    }

    private double rowY(String label) {
        Object y = browser.evaluate("ptdescView.rowClientY('" + label + "')");
        assertNotNull(y, "row " + label);
        return ((Number) y).doubleValue();
    }

    private double[] range() {
        List<?> r = (List<?>) browser.evaluate("(c => [+c.dataset.viewX0, +c.dataset.viewX1])(document.getElementById('canvas'))");
        return new double[] {((Number) r.get(0)).doubleValue(), ((Number) r.get(1)).doubleValue()};
    }

    private List<String> details() {
        return ((String) browser.evaluate("document.getElementById('details').textContent")).lines()
                .filter(l -> !l.isEmpty()).toList();
    }

    private static double width(double[] r) {
        return r[1] - r[0];
    }

    private static double centre(double[] r) {
        return (r[0] + r[1]) / 2;
    }
}
