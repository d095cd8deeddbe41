package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.ptdesc.runtime.WalkVisitor;

/** Progress: only on a terminal's status line, not before half a second, and erased at the end. */
class ProgressTest {

    @Test
    void withoutATerminalTheVisitorIsUntouched() {
        WalkVisitor v = (va, pa, size, level, entry, attributes) -> true;
        assertSame(v, Progress.of(StatusLine.NONE, 0, -1L).wrap(v));
    }

    @Test
    void drawsAfterHalfASecondAndErasesWhenDone() {
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();
        long[] now = {0};
        Progress progress = new Progress(new StatusLine(terminal), () -> now[0], 0, 0x3fff_ffffL);
        WalkVisitor v = progress.wrap((va, pa, size, level, entry, attributes) -> true);
        for (int i = 0; i < 4096; i++) {
            v.leaf(i * 4096L, 0, 4096, 3, 0, 0);
        }
        assertEquals("", terminal.toString(StandardCharsets.UTF_8), "not within the first half second");
        now[0] = 600_000_000L;
        long va = 0x2000_0000L;
        for (int i = 0; i < 4096; i++) {
            v.leaf(va, 0, 4096, 3, 0, 0);
        }
        // 0x20000000 of 0x3fffffff: 50.0% (by hand: 2^29 / (2^30 - 1)).
        String drawn = "\rwalking 0x0000000020000000   50.0%";
        assertEquals(drawn, terminal.toString(StandardCharsets.UTF_8));
        progress.done();
        assertEquals(drawn + "\r" + " ".repeat(drawn.length() - 1) + "\r", terminal.toString(StandardCharsets.UTF_8));
    }
}
