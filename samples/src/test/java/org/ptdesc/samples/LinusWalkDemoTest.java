package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's test program: the events of walking the fake tree, expected as worked out by hand. */
class LinusWalkDemoTest {
    @Test
    void printsEveryEventOfTheFakeTree() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> lines = LinusWalkDemo.run(Path.of("descriptors/linus_x86_64.ptdesc"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> expected = List.of(
                "pre-walk  0x00001000-0x005fffff (level 0, table 0x1000)",
                "pre-walk  0x00001000-0x005fffff (level 1, table 0x2000)",
                "pre-walk  0x00001000-0x005fffff (level 2, table 0x3000)",
                "pre-walk  0x00001000-0x001fffff (level 3, table 0x4000)",
                "walk      0x00001000-0x00001fff -> 0x100000 (level 3)",
                "walk      0x00002000-0x00002fff -> 0x101000 (level 3)",
                "walk      0x00003000-0x00003fff -> 0x102000 (level 3)",
                "hole      0x00004000-0x001fefff (level 3)",
                "walk      0x001ff000-0x001fffff -> 0x1ff000 (level 3)",
                "post-walk 0x00001000-0x001fffff (level 3, table 0x4000)",
                "hole      0x00200000-0x003fffff (level 2)",
                "pre-walk  0x00400000-0x005fffff (level 3, table 0x5000)",
                "walk      0x00400000-0x00400fff -> 0x200000 (level 3)",
                "hole      0x00401000-0x00404fff (level 3)",
                "walk      0x00405000-0x00405fff -> 0x205000 (level 3)",
                "hole      0x00406000-0x005fffff (level 3)",
                "post-walk 0x00400000-0x005fffff (level 3, table 0x5000)",
                "post-walk 0x00001000-0x005fffff (level 2, table 0x3000)",
                "post-walk 0x00001000-0x005fffff (level 1, table 0x2000)",
                "post-walk 0x00001000-0x005fffff (level 0, table 0x1000)");
        assertEquals(expected, lines);
        assertEquals(String.join(System.lineSeparator(), expected) + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
